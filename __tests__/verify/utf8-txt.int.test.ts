/**
 * Issue 20: node:dns reads TXT records as latin1, so UTF-8 text in a live record read garbled ("fÃ¼r"). verify
 * decodes the bytes as UTF-8; bytes that are not UTF-8 are shown escaped (`\xNN` on the terminal, `\udcNN` in JSON),
 * never replaced. Published by a real BIND, byte for byte.
 */
import { VerifyReport } from '../../verify/report';
import { NodeDnsResolver } from '../../verify/node-resolver';
import { BindServer, describeWithBind, startBind, ZoneBytesRecord, ZoneRecord } from '../helpers/bind';
import { CLEANUP_HOOK_TIMEOUT_MS, SERVER_HOOK_TIMEOUT_MS } from '../helpers/timeouts';
import { healthyZone, testWorld } from './fixture';
import { runVerify } from './run-verify';

const TEXT = 'für ✓ 日本 😀';
/** "caf", a lone 0xC3 (a cut two-byte sequence), a space, 0xFF: not UTF-8. */
const NOT_UTF8 = Buffer.from([0x63, 0x61, 0x66, 0xc3, 0x20, 0xff]);
/** 254 ASCII bytes, then "ü": its two bytes fall into two character-strings (255 octets each) of one record. */
const ACROSS = `${'a'.repeat(254)}ü end`;

describeWithBind('TXT records in UTF-8, and bytes that are not', () => {
  let server: BindServer;
  let resolver: NodeDnsResolver;

  beforeAll(async () => {
    const world = testWorld().zones;
    const key = (version: string | Buffer): ZoneBytesRecord => ({
      name: 'sel1-utf8._domainkey.dkim.secutix.com',
      type: 'TXT',
      value: Buffer.concat([Buffer.from('v='), Buffer.from(version), Buffer.from('; k=rsa; p=AAAA')]),
    });
    const texts: (ZoneRecord | ZoneBytesRecord)[] = [
      { name: 'utf8.text.test', type: 'TXT', value: TEXT },
      { name: 'bytes.text.test', type: 'TXT', value: NOT_UTF8 },
      { name: 'across.text.test', type: 'TXT', value: ACROSS },
    ];
    server = await startBind({
      ...world,
      'secutix.com': [...world['secutix.com']!, key(Buffer.concat([Buffer.from('DKIM1ü'), NOT_UTF8]))],
      'text.test': texts,
      'utf8.test': healthyZone('utf8.test', undefined, 'utf8'),
    });
    resolver = new NodeDnsResolver({ server: server.address, timeout: 2000, tries: 2 });
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  it('a UTF-8 record reads as its text', async () => {
    expect(await resolver.query('utf8.text.test', 'TXT')).toEqual({ kind: 'records', values: [TEXT] });
  });

  it('a character split across two character-strings of one record is whole', async () => {
    expect(await resolver.query('across.text.test', 'TXT')).toEqual({ kind: 'records', values: [ACROSS] });
  });

  it('bytes that are not UTF-8 are kept, each as its own escape, never as U+FFFD', async () => {
    expect(await resolver.query('bytes.text.test', 'TXT')).toEqual({ kind: 'records', values: ['caf\udcc3 \udcff'] });
  });

  // The key record's tag values lose their whitespace (RFC 6376 §3.2), so the space between the two bytes goes.
  it('the text report shows the decoded text, and the bytes that are not UTF-8 as \\xNN', async () => {
    const run = await runVerify(['--domain', 'utf8.test', '--code', 'utf8', '--dns-server', server.address]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('  FAIL  dkim.stxsel1  key record at sel1-utf8._domainkey.dkim.secutix.com has v=DKIM1ücaf\\xc3\\xff, expected v=DKIM1 (RFC 6376 §3.6.1)');
    expect(run.out).not.toContain('Ã');
  });

  it('the JSON report keeps every byte: the decoded text, and an escape per byte that is not UTF-8', async () => {
    const run = await runVerify(['--domain', 'utf8.test', '--code', 'utf8', '--dns-server', server.address, '--json']);
    expect(run.out).toContain('has v=DKIM1ücaf\\udcc3\\udcff, expected');
    const report = JSON.parse(run.out) as VerifyReport;
    expect(report.institutions[0]!.checks.find((c) => c.id === 'dkim.stxsel1')!.reason).toBe('key record at sel1-utf8._domainkey.dkim.secutix.com has v=DKIM1ücaf\udcc3\udcff, expected v=DKIM1 (RFC 6376 §3.6.1)');
  });
});
