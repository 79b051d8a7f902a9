/**
 * End to end: what verify promises, checked by an independent receiver implementation (mailauth) against the same
 * BIND. A message the platform signs (d=<domain>, s=stxsel1) and sends from one of its IPs passes SPF, DKIM and
 * DMARC; without the DKIM CNAMEs and from an IP outside the platform's ranges, DMARC fails.
 */
import { promises as dns } from 'node:dns';
import { authenticate, dkimSign } from 'mailauth';
import { BindServer, describeWithBind, startBind } from '../helpers/bind';
import { OUTSIDE_IP, PLATFORM_IP, testWorld } from './fixture';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

function message(domain: string): string {
  return [
    `From: "Box office" <tickets@${domain}>`,
    `To: visitor@receiver.test`,
    `Subject: Your tickets`,
    `Date: Sat, 28 Nov 2026 12:00:00 +0000`,
    `Message-ID: <order-1234@${domain}>`,
    `MIME-Version: 1.0`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `Thank you for your order.`,
    ``,
  ].join('\r\n');
}

describeWithBind('mail from the platform, checked by mailauth against BIND', () => {
  let server: BindServer;
  let privateKey: string;
  /** A receiver's resolver: node:dns on our BIND, which recurses through the DKIM CNAME to the platform's key. */
  let resolver: (name: string, type: string) => Promise<unknown>;

  beforeAll(async () => {
    const world = testWorld();
    privateKey = world.privateKey;
    server = await startBind(world.zones);
    const r = new dns.Resolver({ timeout: 1000, tries: 2 });
    r.setServers([server.address]);
    resolver = (name, type) => r.resolve(name, type);
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  async function receive(domain: string, ip: string) {
    const body = message(domain);
    const signed = await dkimSign(body, { signatureData: [{ signingDomain: domain, selector: 'stxsel1', privateKey }] } as Parameters<typeof dkimSign>[1]);
    expect(signed.errors).toEqual([]);
    return authenticate(signed.signatures + body, {
      ip,
      helo: 'out1.secutix.com',
      sender: `bounce@${domain}`,
      mta: 'mx.receiver.test',
      resolver: resolver as never,
      disableArc: true,
      disableBimi: true,
    });
  }

  it('passes SPF, DKIM and DMARC for a healthy domain from a platform IP', async () => {
    const result = await receive('healthy.test', PLATFORM_IP);
    expect(result.spf && result.spf.status.result).toBe('pass');
    expect(result.dkim.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([['healthy.test', 'stxsel1', 'pass']]);
    expect(result.dmarc && [result.dmarc.status.result, result.dmarc.policy]).toEqual(['pass', 'quarantine']);
  });

  it('fails DMARC when the DKIM CNAMEs are missing and the IP is outside the platform ranges', async () => {
    const result = await receive('nodkim.test', OUTSIDE_IP);
    expect(result.spf && result.spf.status.result).toBe('softfail');
    expect(result.dkim.results.map((r) => r.status.result)).not.toContain('pass');
    expect(result.dmarc && [result.dmarc.status.result, result.dmarc.policy]).toEqual(['fail', 'quarantine']);
  });

  it('still passes DMARC through SPF alone when only the DKIM CNAMEs are missing (why verify checks both)', async () => {
    const result = await receive('nodkim.test', PLATFORM_IP);
    expect(result.spf && result.spf.status.result).toBe('pass');
    expect(result.dkim.results.map((r) => r.status.result)).not.toContain('pass');
    expect(result.dmarc && result.dmarc.status.result).toBe('pass');
  });
});
