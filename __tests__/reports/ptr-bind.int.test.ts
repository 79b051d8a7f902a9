// Failing sources named through a real DNS server (BIND on 127.0.0.1): `reports --dns-server` looks up each failing
// source's PTR name, confirms it forward, names the service with its fix (the agency's newsletter through Mailchimp,
// a mailing list that relays platform mail), and keeps the answers in the history's cache. PTR answers are hostile:
// a forged name, a name with escapes, twenty names, a CNAME chain (RFC 2317 delegation) all come back safe.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { BindServer, describeWithBind, startBind, ZoneRecord } from '../helpers/bind';
import { DAY, platformRow, reportXml } from './report-xml';
import { SCENARIO_CONFIG } from './rollout-scenario';

const ptr = (ip: string, name: string): ZoneRecord => ({ name: `${ip.split('.').reverse().join('.')}.in-addr.arpa`, type: 'PTR', value: name });

const ZONES = {
  '100.51.198.in-addr.arpa': [
    ptr('198.51.100.77', 'mail77.atl31.mcsv.net'),
    // RFC 2317: the address's name is an alias into a delegated sub-block, where the PTR record is.
    { name: '78.100.51.198.in-addr.arpa', type: 'CNAME', value: '78.64-127.100.51.198.in-addr.arpa' },
    { name: '78.64-127.100.51.198.in-addr.arpa', type: 'PTR', value: 'o1.ptr2202.sendgrid.net' },
  ],
  '113.0.203.in-addr.arpa': [
    // A forged name: mail.mcsv.net does not resolve to 203.0.113.9.
    ptr('203.0.113.9', 'mail.mcsv.net'),
    ptr('203.0.113.10', 'evil\\032name\\010\\027[2J.example'),
    ...Array.from({ length: 20 }, (_, i) => ptr('203.0.113.11', `host${i}.many.example`)),
  ],
  '220.85.209.in-addr.arpa': [ptr('209.85.220.69', 'mail-sor-f69.google.com')],
  'mcsv.net': [
    { name: 'mail77.atl31.mcsv.net', type: 'A', value: '198.51.100.77' },
    { name: 'mail.mcsv.net', type: 'A', value: '192.0.2.1' },
  ],
  'sendgrid.net': [{ name: 'o1.ptr2202.sendgrid.net', type: 'A', value: '198.51.100.78' }],
  'google.com': [{ name: 'mail-sor-f69.google.com', type: 'A', value: '209.85.220.69' }],
} satisfies Record<string, ZoneRecord[]>;

describeWithBind('reports: PTR names from a DNS server (BIND)', () => {
  let server: BindServer;
  let dir: string;
  beforeAll(async () => {
    server = await startBind(ZONES, { checkNames: 'ignore' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ptr-bind-'));
    writeFileSync(join(dir, 'institutions.yaml'), SCENARIO_CONFIG);
    const begin = Math.floor(Date.now() / 1000 / DAY) * DAY - 3 * DAY;
    // Sources with no service in their DKIM or SPF domains: only their PTR names can name them.
    const bare = (ip: string, count: number) => ({ ip, count, spf: [['kunsthaus-beispiel.ch', 'softfail']] as const });
    writeFileSync(
      join(dir, 'r.xml'),
      reportXml({
        reportId: 'k1',
        domain: 'kunsthaus-beispiel.ch',
        p: 'none',
        begin,
        rows: [
          platformRow('kunsthaus-beispiel.ch', '192.0.2.25', 500),
          bare('198.51.100.77', 90),
          bare('198.51.100.78', 40),
          bare('203.0.113.9', 30),
          bare('203.0.113.10', 20),
          bare('203.0.113.11', 10),
          // Platform mail relayed by a mailing list (its footer broke the signature).
          platformRow('kunsthaus-beispiel.ch', '209.85.220.69', 12, false),
        ],
      }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function reports(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
    const code = await runCli(['reports', '--config', join(dir, 'institutions.yaml'), '--dns-server', server.address, ...args, join(dir, 'r.xml')], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const kunsthaus = (out: string) => (JSON.parse(out) as { institutions: { code: string; failingSources: any[]; platform: { failingSources: any[] } }[] }).institutions.find((i) => i.code === 'kunsthaus')!;

  test('each failing source with its PTR name, the service and the fix; forged and hostile names name nothing', async () => {
    const { code, out } = await reports('--json');
    const k = kunsthaus(out);
    const byIp = Object.fromEntries(k.failingSources.map((s) => [s.ip, s]));
    expect(byIp['198.51.100.77']).toMatchObject({ ptr: { name: 'mail77.atl31.mcsv.net', confirmed: true }, sender: { id: 'mailchimp', via: 'ptr', spfInclude: 'servers.mcsv.net' } });
    // Through the CNAME chain.
    expect(byIp['198.51.100.78']).toMatchObject({ ptr: { name: 'o1.ptr2202.sendgrid.net', confirmed: true }, sender: { id: 'sendgrid', spfInclude: 'sendgrid.net' } });
    expect(byIp['203.0.113.9']).toMatchObject({ ptr: { name: 'mail.mcsv.net', confirmed: false }, sender: null });
    expect(byIp['203.0.113.10']).toMatchObject({ ptr: null, sender: null });
    expect(byIp['203.0.113.11'].ptr).toMatchObject({ name: expect.stringMatching(/^host\d+\.many\.example$/), confirmed: false });
    // The mailing list relays platform mail: expected failures, not a fix-first.
    expect(k.platform.failingSources[0]).toMatchObject({ ip: '209.85.220.69', sender: { id: 'google-groups', kind: 'mailing-list', forwarder: true } });
    expect(JSON.parse(out).ptr).toEqual({ looked: 6, cached: 0, notLooked: 0 });
    // Platform mail failed DKIM only where a mailing list passed it on: expected, so no finding (exit 0).
    expect(code).toBe(0);
    expect(JSON.parse(out).institutions.find((i: { code: string }) => i.code === 'kunsthaus').readiness.rules.find((r: { id: string }) => r.id === 'platform-dkim')).toMatchObject({ ok: true });
  }, 60_000);

  test('the table and the Markdown show the service and the fix next to the address, escaped', async () => {
    const table = (await reports()).out;
    expect(table).toMatch(/198\.51\.100\.77 +Mailchimp \(mail77\.atl31\.mcsv\.net\) +90 +90 /);
    expect(table).toContain('      fix 198.51.100.77 (Mailchimp): add include:servers.mcsv.net to the SPF record');
    expect(table).toMatch(/203\.0\.113\.9 +mail\.mcsv\.net \(PTR not confirmed\) +30/);
    expect(table).toContain('      fix 209.85.220.69 (Google Groups): a mailing list: nothing to fix');
    const md = (await reports('--markdown')).out;
    expect(md).toContain('| `198.51.100.77` | Mailchimp `(mail77.atl31.mcsv.net)` | 90 | 90 |');
    expect(md).toContain('| `203.0.113.9` | `mail.mcsv.net (PTR not confirmed)` | 30 | 30 |');
    expect(md).not.toMatch(/evil/);
  }, 60_000);

  test('answers are kept in the history and reused; --no-ptr asks nothing', async () => {
    const history = join(dir, 'history');
    await reports('--json', '--history', history);
    expect(readFileSync(join(history, 'ptr.txt'), 'utf8')).toContain('198.51.100.77 ');
    await server.stop();
    // The server is gone: the names come from the cache.
    const again = await reports('--json', '--history', history);
    expect(JSON.parse(again.out).ptr).toEqual({ looked: 0, cached: 6, notLooked: 0 });
    expect(kunsthaus(again.out).failingSources[0]).toMatchObject({ ip: '198.51.100.77', sender: { id: 'mailchimp' } });
    server = await startBind(ZONES, { checkNames: 'ignore' });
  }, 120_000);
});
