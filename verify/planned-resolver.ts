import { DnsAnswer, DnsResolver, QueryType, StaticResolver } from './resolver';

/**
 * Planned mode: answers a name and type that the synthesized stacks define from those stacks (as the zone will be
 * after deploy), and everything else from live DNS. A planned CNAME is followed through this same overlay, so a
 * planned DKIM CNAME leads to the platform's live key.
 *
 * A planned record set replaces the live one of the same name and type. That is exact for Route53 (one record set
 * per name and type, the apex TXT set carrying the kept values) and an approximation for Cloudflare, where
 * unmanaged single records at the same name would stay beside the managed ones.
 */
export class PlannedResolver implements DnsResolver {
  constructor(
    private readonly plan: StaticResolver,
    private readonly live: DnsResolver,
  ) {}

  async query(name: string, type: QueryType): Promise<DnsAnswer> {
    return this.lookup(name, type, 0);
  }

  private async lookup(name: string, type: QueryType, depth: number): Promise<DnsAnswer> {
    if (this.plan.has(name, type)) return this.plan.query(name, type);
    if (type !== 'CNAME' && depth < 8 && this.plan.has(name, 'CNAME')) {
      const cname = await this.plan.query(name, 'CNAME');
      if (cname.kind === 'records') return this.lookup(cname.values[0]!, type, depth + 1);
    }
    return this.live.query(name, type);
  }
}
