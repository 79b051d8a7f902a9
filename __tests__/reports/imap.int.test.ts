// `reports --imap` against a real Dovecot on 127.0.0.1: gzip, zip and plain XML attachments, a mail that is not a
// report, a broken report; read-only by default, --move-to Archive moves what was read, the next run finds nothing.
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { DovecotServer, describeWithDovecot, startDovecot } from '../helpers/dovecot';
import { reportMail } from './report-mail';
import { DAY, NOV_1, platformRow, reportXml } from './report-xml';
import { CLEANUP_HOOK_TIMEOUT_MS, SERVER_HOOK_TIMEOUT_MS, SERVER_TEST_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SERVER_TEST_TIMEOUT_MS);

const CONFIG = join(__dirname, 'fixtures', 'institutions.yaml');

const day = (n: number, id: string, rows = [platformRow('mosamuseum.com', '192.0.2.25', 10)]) => reportXml({ reportId: id, domain: 'mosamuseum.com', p: 'none', begin: NOV_1 + n * DAY, rows });

describeWithDovecot('reports --imap (Dovecot)', () => {
  let server: DovecotServer;
  const url = (mailbox = 'INBOX') => `imaps://${server.user}@127.0.0.1:${server.port}/${mailbox}`;
  const run = async (args: string[], password = server.password) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: { EMAIL_AUTH_IMAP_PASSWORD: password } };
    const code = await runCli(['reports', '--no-ptr', '--config', CONFIG, ...args], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const files = (sub: string) => readdirSync(join(server.maildir, sub));

  beforeAll(async () => {
    server = await startDovecot();
    server.deliver('gz', reportMail('Report domain: mosamuseum.com Submitter: google.com', 'google.com!mosamuseum.com!1!2.xml.gz', 'application/gzip', gzipSync(day(0, 'g1'))));
    server.deliver('zip', reportMail('Report domain: mosamuseum.com Submitter: Outlook.com', 'outlook.zip', 'application/zip', Buffer.from(zipSync({ 'outlook.xml': strToU8(day(1, 'o1')) }))));
    server.deliver('xml', reportMail('Report domain: mosamuseum.com Submitter: Yahoo', 'yahoo.xml', 'text/xml', Buffer.from(day(2, 'y1', [platformRow('mosamuseum.com', '192.0.2.26', 5, false)]))));
    server.deliver('hello', 'From: someone@example.net\nTo: dmarc@mosamuseum.com\nSubject: hello\nMessage-ID: <hello@example.net>\n\nNot a report, just mail.\n');
    server.deliver('broken', reportMail('Report domain: mosamuseum.com Submitter: broken.example', 'broken.xml.gz', 'application/gzip', gzipSync(day(3, 'b1').slice(0, 200))));
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(async () => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  test('reads every attachment kind; counts the non-report mail and names the broken report', async () => {
    const { code, out, err } = await run(['--imap', url(), '--ca', server.caFile, '--json']);
    const json = JSON.parse(out);
    expect(json.input).toMatchObject({ reports: 3, skipped: 1, problemCount: 1 });
    expect(json.input.problems[0].origin).toMatch(/^imap INBOX uid \d+ "Report domain: mosamuseum.com Submitter: broken.example" attachment "broken.xml.gz"$/);
    expect(json.input.problems[0].message).toMatch(/not well-formed XML/);
    const mosa = json.institutions.find((i: { code: string }) => i.code === 'mosa');
    expect(mosa).toMatchObject({ reports: 3, messages: 25, platform: { messages: 25, alignedDkimPass: 20 }, reporters: ['google.com'] });
    expect(code).toBe(1); // the Yahoo report's platform mail failed DKIM
    expect(err).toMatch(/imap INBOX: 5 mails read$/m);
    // Read-only: nothing moved, a second run reads the same.
    expect((await run(['--imap', url(), '--ca', server.caFile, '--json'])).out).toBe(out);
  }, 30_000);

  test('--move-to Archive moves every mail read; the next run finds nothing new; the archive still reads', async () => {
    const first = await run(['--imap', url(), '--ca', server.caFile, '--move-to', 'Archive']);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/imap INBOX: 5 mails read, 5 moved to Archive/);
    expect(first.out).toContain('DMARC aggregate reports: 3 reports from 1 reporter');
    expect([...files('new'), ...files('cur')]).toEqual([]);

    const second = await run(['--imap', url(), '--ca', server.caFile, '--move-to', 'Archive']);
    expect(second).toMatchObject({ code: 0 });
    expect(second.err).toMatch(/imap INBOX: 0 mails read$/m);
    expect(second.out).toContain('DMARC aggregate reports: 0 reports from 0 reporters');

    const archive = await run(['--imap', url('Archive'), '--ca', server.caFile, '--json']);
    expect(JSON.parse(archive.out).input).toMatchObject({ reports: 3, skipped: 1, problemCount: 1 });
  }, 30_000);

  test('a certificate that is not trusted: exit 2, told to give --ca', async () => {
    const { code, err } = await run(['--imap', url()]);
    expect(code).toBe(2);
    expect(err).toMatch(/^IMAP 127\.0\.0\.1:\d+: TLS certificate not trusted \([A-Z_]+\); give the CA with --ca FILE$/);
  });

  test('a mailbox that does not exist: exit 2', async () => {
    const { code, err } = await run(['--imap', url('Nope'), '--ca', server.caFile]);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot open mailbox "Nope"/);
  });

  // Last: a failed login may slow later logins from the same IP.
  test('a wrong password: exit 2, a message, never the password', async () => {
    const { code, out, err } = await run(['--imap', url(), '--ca', server.caFile], 'wrong-pass-123');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`IMAP login as "reports" at 127.0.0.1:${server.port} failed: wrong user or password (EMAIL_AUTH_IMAP_PASSWORD)`);
    expect(err).not.toContain('wrong-pass-123');
  });
});
