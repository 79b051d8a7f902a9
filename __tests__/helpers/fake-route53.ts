// A minimal Route53 API on loopback, for terraform-provider-aws pointed at it (provider `endpoints`, dummy keys, the
// skip_* switches): the four calls the provider makes for aws_route53_record (GetHostedZone, ChangeResourceRecordSets,
// GetChange, ListResourceRecordSets), record sets kept in memory, and every request recorded, so that a test can
// assert what was changed, or that nothing was asked at all.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export interface RecordSet {
  /** Lowercase, with the trailing dot, as Route53 returns names. */
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  /** As sent (TXT values keep their quotes). */
  readonly values: readonly string[];
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

export interface FakeRoute53 {
  /** `http://127.0.0.1:<port>`, for the provider's `endpoints { route53 = … }`. */
  readonly url: string;
  /** Every request, in order. */
  readonly requests: FakeRequest[];
  /** The changes applied: `CREATE TXT a.example.org.` … */
  readonly changes: string[];
  /** The record sets of a zone, sorted by name and type. */
  recordSets(zoneId: string): RecordSet[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 (a free port) with the given hosted zones (id → zone name, without trailing dot). */
export async function startFakeRoute53(zones: Record<string, string>): Promise<FakeRoute53> {
  const sets = new Map<string, Map<string, RecordSet>>(Object.keys(zones).map((id) => [id, new Map()]));
  const requests: FakeRequest[] = [];
  const changes: string[] = [];
  let changeId = 0;
  // htmlEntities: the provider (Go's encoding/xml) writes quotes as &#34;.
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, htmlEntities: true, isArray: (name) => ['Change', 'ResourceRecord'].includes(name) });

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body });
    const xml = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
    };
    const error = (status: number, code: string, message: string) => xml(status, `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`);
    const zone = /^\/2013-04-01\/hostedzone\/([^/]+)(\/rrset\/?)?$/.exec(url.pathname);
    const zoneSets = zone && sets.get(zone[1]!);
    if (zone && !zoneSets) return error(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${zone[1]}`);
    const info = (id: number) => `<ChangeInfo><Id>/change/C${id}</Id><Status>INSYNC</Status><SubmittedAt>2026-01-01T00:00:00Z</SubmittedAt></ChangeInfo>`;

    if (req.method === 'GET' && zone && !zone[2]) {
      return xml(200, `<GetHostedZoneResponse xmlns="${NS}"><HostedZone><Id>/hostedzone/${zone[1]}</Id><Name>${zones[zone[1]!]}.</Name><CallerReference>fake</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>${zoneSets!.size}</ResourceRecordSetCount></HostedZone><DelegationSet><NameServers><NameServer>ns.fake.example</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>`);
    }
    if (req.method === 'POST' && zone && zone[2]) {
      const batch = parser.parse(body)?.ChangeResourceRecordSetsRequest?.ChangeBatch?.Changes?.Change as { Action: string; ResourceRecordSet: { Name: string; Type: string; TTL: string; ResourceRecords?: { ResourceRecord: { Value: string }[] } } }[] | undefined;
      if (!batch) return error(400, 'InvalidInput', 'no changes');
      for (const { Action, ResourceRecordSet: s } of batch) {
        const name = `${s.Name.toLowerCase().replace(/\.$/, '')}.`;
        const key = `${name}|${s.Type}`;
        if (Action === 'CREATE' && zoneSets!.has(key)) return error(400, 'InvalidChangeBatch', `Tried to create resource record set [name='${name}', type='${s.Type}'] but it already exists`);
        if (Action === 'DELETE' && !zoneSets!.has(key)) return error(400, 'InvalidChangeBatch', `Tried to delete resource record set [name='${name}', type='${s.Type}'] but it was not found`);
      }
      for (const { Action, ResourceRecordSet: s } of batch) {
        const name = `${s.Name.toLowerCase().replace(/\.$/, '')}.`;
        const key = `${name}|${s.Type}`;
        changes.push(`${Action} ${s.Type} ${name}`);
        if (Action === 'DELETE') zoneSets!.delete(key);
        else zoneSets!.set(key, { name, type: s.Type, ttl: Number(s.TTL), values: (s.ResourceRecords?.ResourceRecord ?? []).map((r) => r.Value) });
      }
      return xml(200, `<ChangeResourceRecordSetsResponse xmlns="${NS}">${info(++changeId)}</ChangeResourceRecordSetsResponse>`);
    }
    if (req.method === 'GET' && zone && zone[2]) {
      const start = `${(url.searchParams.get('name') ?? '').toLowerCase().replace(/\.$/, '')}.`;
      const type = url.searchParams.get('type') ?? '';
      const max = Number(url.searchParams.get('maxitems') ?? '100');
      const sorted = [...zoneSets!.values()].sort((a, b) => (a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name)));
      const from = sorted.filter((s) => s.name > start || (s.name === start && s.type >= type));
      const page = from.slice(0, max);
      const records = page
        .map((s) => `<ResourceRecordSet><Name>${s.name}</Name><Type>${s.type}</Type><TTL>${s.ttl}</TTL><ResourceRecords>${s.values.map((v) => `<ResourceRecord><Value>${escapeXml(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`)
        .join('');
      return xml(200, `<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${records}</ResourceRecordSets><IsTruncated>${from.length > max}</IsTruncated><MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`);
    }
    const change = /^\/2013-04-01\/change\/C?(\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && change) return xml(200, `<GetChangeResponse xmlns="${NS}">${info(Number(change[1]))}</GetChangeResponse>`);
    return error(400, 'InvalidInput', `the fake Route53 does not serve ${req.method} ${url.pathname}`);
  };

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    changes,
    recordSets: (zoneId) => [...(sets.get(zoneId)?.values() ?? [])].sort((a, b) => `${a.name}|${a.type}`.localeCompare(`${b.name}|${b.type}`)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
