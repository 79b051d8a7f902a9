// --move-to with --history against a real Dovecot: a mail moves only once the saved history holds its reports, so
// that a run whose history is lost (a job that failed before committing it) loses no report. The first run keeps
// the report mails in the mailbox; the next run, reading the saved history, counts nothing twice and moves them.
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { DovecotServer, describeWithDovecot, startDovecot } from '../helpers/dovecot';
import { reportMail } from './report-mail';
import { DAY, platformRow, reportXml } from './report-xml';

const CONFIG = join(__dirname, 'fixtures', 'institutions.yaml');
const BEGIN = Math.floor(Date.now() / 1000 / DAY) * DAY - 5 * DAY;
const day = (n: number, id: string) => reportXml({ reportId: id, domain: 'mosamuseum.com', p: 'none', begin: BEGIN + n * DAY, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)] });

describeWithDovecot('reports --imap --move-to --history (Dovecot)', () => {
  let server: DovecotServer;
  let dir: string;
  const url = (mailbox = 'INBOX') => `imaps://${server.user}@127.0.0.1:${server.port}/${mailbox}`;
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: { EMAIL_AUTH_IMAP_PASSWORD: server.password } };
    const code = await runCli(['reports', '--no-ptr', '--config', CONFIG, '--ca', server.caFile, '--json', ...args], io);
    return { code, json: JSON.parse(out.join('\n')), err: err.join('\n') };
  };
  const inbox = () => [...readdirSync(join(server.maildir, 'new')), ...readdirSync(join(server.maildir, 'cur'))];

  beforeAll(async () => {
    server = await startDovecot();
    dir = mkdtempSync(join(tmpdir(), 'imap-history-'));
    server.deliver('g', reportMail('Report domain: mosamuseum.com Submitter: google.com', 'g.xml.gz', 'application/gzip', gzipSync(day(0, 'g1'))));
    server.deliver('y', reportMail('Report domain: mosamuseum.com Submitter: Yahoo', 'y.xml', 'text/xml', Buffer.from(day(1, 'y1'))));
    // The same report sent twice: both mails wait for the history, then both move.
    server.deliver('y-again', reportMail('Report domain: mosamuseum.com Submitter: Yahoo', 'y.xml', 'text/xml', Buffer.from(day(1, 'y1'))));
    server.deliver('hello', 'From: someone@example.net\nTo: dmarc@mosamuseum.com\nSubject: hello\nMessage-ID: <hello@example.net>\n\nNot a report.\n');
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('run 1: the report mails stay until the history is saved; the rest moves', async () => {
    const history = join(dir, 'history');
    const first = await run(['--imap', url(), '--move-to', 'Archive', '--history', history]);
    expect(first.code).toBe(0);
    expect(first.json.input).toMatchObject({ reports: 2, duplicates: 1, inHistory: 0, skipped: 1 });
    expect(first.err).toMatch(/^imap INBOX: 4 mails read, 1 moved to Archive$/m);
    expect(first.err).toMatch(/^imap INBOX: 3 mails with reports new to the history left in the mailbox; a run after the history is saved moves them$/m);
    expect(inbox()).toHaveLength(3);

    // Run 2, with the history saved: nothing counts twice, and the mails move.
    const second = await run(['--imap', url(), '--move-to', 'Archive', '--history', history]);
    expect(second.json.input).toMatchObject({ reports: 0, inHistory: 3 });
    expect(second.json.institutions.find((i: { code: string }) => i.code === 'mosa')).toMatchObject({ reports: 2, messages: 20 });
    expect(second.err).toMatch(/^imap INBOX: 3 mails read, 3 moved to Archive$/m);
    expect(inbox()).toEqual([]);

    // Run 3: the mailbox is empty, the history still has the figures.
    const third = await run(['--imap', url(), '--move-to', 'Archive', '--history', history]);
    expect(third.json.institutions.find((i: { code: string }) => i.code === 'mosa')).toMatchObject({ reports: 2, messages: 20 });
  }, 60_000);
});
