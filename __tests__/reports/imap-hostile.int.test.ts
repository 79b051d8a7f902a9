// `reports --imap` against a server that misbehaves (issue 15 item 4): a fetch answered with no data or with another
// mail's data, a literal dripped one byte at a time, more bytes than asked for. Exactly the mails read in full and
// analysed move; a run stopped by its deadline reports what it read, exits 2 and moves nothing.
import { gzipSync } from 'node:zlib';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { analyzeReports } from '../../reports/analyze';
import { REPORT_LIMITS } from '../../reports/limits';
import { readImapReports } from '../../reports/read/imap';
import { ReportInputError } from '../../reports/read/read-item';
import { FakeImap, FakeMail, Misbehaviour, startFakeImap } from './fake-imap';
import { reportMail } from './report-mail';
import { DAY, NOV_1, platformRow, reportXml } from './report-xml';

const CONFIG = join(__dirname, 'fixtures', 'institutions.yaml');

const report = (uid: number) =>
  reportMail(`Report ${uid}`, `r${uid}.xml.gz`, 'application/gzip', gzipSync(reportXml({ reportId: `id-${uid}`, domain: 'mosamuseum.com', p: 'none', begin: NOV_1 + uid * DAY, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)] })));
const mails = (...uids: number[]): FakeMail[] => uids.map((uid) => ({ uid, source: report(uid), subject: `Report ${uid}` }));

let server: FakeImap | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(list: readonly FakeMail[], misbehave: Record<number, Misbehaviour> = {}, extra = {}): Promise<FakeImap> {
  server = await startFakeImap(list, { misbehave, ...extra });
  return server;
}

async function reports(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: { EMAIL_AUTH_IMAP_PASSWORD: server!.password } };
  const started = Date.now();
  const code = await runCli(['reports', '--no-ptr', '--config', CONFIG, '--imap', `imap://${server!.user}@127.0.0.1:${server!.port}/INBOX`, ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n'), seconds: (Date.now() - started) / 1000 };
}

const moveCommands = () => server!.commands.filter((c) => /^UID (MOVE|COPY)/i.test(c));

describe('--move-to moves exactly the mails read in full', () => {
  test('a well-behaved server: every mail moves, in one UID MOVE', async () => {
    await start(mails(1, 2, 3));
    const { code, err, out } = await reports(['--move-to', 'Archive', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).input).toMatchObject({ reports: 3, problemCount: 0 });
    expect(server!.moved).toEqual([[1, 2, 3]]);
    expect(moveCommands()).toEqual(['UID MOVE 1:3 Archive']);
    expect(err).toMatch(/^imap INBOX: 3 mails read, 3 moved to Archive$/m);
  }, 30_000);

  test('a fetch answered with no data: that mail is a problem and stays; the others move', async () => {
    await start(mails(1, 2, 3), { 2: { kind: 'no-data' } });
    const { code, err, out } = await reports(['--move-to', 'Archive', '--json']);
    const json = JSON.parse(out);
    expect(json.input).toMatchObject({ reports: 2, problemCount: 1 });
    expect(json.input.problems).toEqual([{ origin: 'imap INBOX uid 2', message: 'the server sent no data for it; not read (it stays in the mailbox)' }]);
    expect(server!.moved).toEqual([[1, 3]]);
    expect(err).toMatch(/^imap INBOX: 1 mail not read in full \(see the problems\); left in the mailbox$/m);
    expect(code).toBe(0);
  }, 30_000);

  test("a fetch answered with another mail's data: that mail stays, its data is not counted for it", async () => {
    await start(mails(1, 2, 3), { 2: { kind: 'other-uid', sends: 3 } });
    const { out } = await reports(['--move-to', 'Archive', '--json']);
    const json = JSON.parse(out);
    // Mail 3 is counted once, when it is fetched for itself.
    expect(json.input).toMatchObject({ reports: 2, duplicates: 0, problemCount: 1 });
    expect(json.input.problems[0].origin).toBe('imap INBOX uid 2');
    expect(server!.moved).toEqual([[1, 3]]);
  }, 30_000);

  test('mixed: no data, another UID, declared over the limit; only the three read in full move', async () => {
    const list = [...mails(1, 2, 3, 4, 5), { uid: 6, source: report(6), declaredSize: REPORT_LIMITS.mailBytes + 1 }];
    await start(list, { 2: { kind: 'no-data' }, 4: { kind: 'other-uid', sends: 1 } });
    const { out } = await reports(['--move-to', 'Archive', '--json']);
    const json = JSON.parse(out);
    expect(json.input.problems.map((p: { origin: string }) => p.origin)).toEqual(['imap INBOX uid 2', 'imap INBOX uid 4', 'imap INBOX uid 6']);
    expect(json.input.problems[2].message).toBe('is 50,331,649 bytes, over the limit of 48 MiB per mail; not read (it stays in the mailbox)');
    // The mail declared too large is never fetched.
    expect(server!.commands.filter((c) => /^UID FETCH 6 /.test(c))).toEqual([]);
    expect(server!.moved).toEqual([[1, 3, 5]]);
  }, 30_000);

  test('read-only without --move-to: nothing moves, whatever the server does', async () => {
    await start(mails(1, 2), { 2: { kind: 'no-data' } });
    await reports(['--json']);
    expect(server!.moved).toEqual([]);
    expect(server!.commands.some((c) => /^EXAMINE /i.test(c))).toBe(true);
  }, 30_000);
});

describe('the bytes received are counted, not the size the server declares', () => {
  const small = { ...REPORT_LIMITS, mailBytes: 4_000 };
  const read = (moveTo = 'Archive') =>
    analyzeReports(readImapReports({ secure: false, host: '127.0.0.1', port: server!.port, user: server!.user, mailbox: 'INBOX' }, { password: server!.password, moveTo, limits: small }), [], { limits: small });

  test('a mail declared small but larger than the limit: only limit + 1 bytes are asked for; it stays', async () => {
    const big: FakeMail = { uid: 2, source: `${report(2)}\n${'x'.repeat(10_000)}`, declaredSize: 100 };
    await start([...mails(1), big, ...mails(3)]);
    const analysis = await read();
    expect(server!.commands.filter((c) => c.startsWith('UID FETCH 2 '))).toEqual([expect.stringContaining('BODY.PEEK[]<0.4001>')]);
    expect(analysis.input.problems).toEqual([{ origin: 'imap INBOX uid 2', message: 'is more than 4,000 bytes as received, over the limit per mail; not read (it stays in the mailbox)' }]);
    expect(server!.moved).toEqual([[1, 3]]);
  }, 30_000);

  test('a server that ignores the range and sends more: the connection is dropped, the run fails, nothing moves', async () => {
    await start(mails(1, 2, 3), { 2: { kind: 'oversize', bytes: 50_000 } });
    await expect(read()).rejects.toThrow(ReportInputError);
    expect(server!.moved).toEqual([]);
  }, 30_000);
});

describe('--deadline: the whole run has a time budget', () => {
  test('a literal dripped one byte a second: the run ends at the deadline, reports what it read, exits 2, moves nothing', async () => {
    await start(mails(1, 2, 3), { 2: { kind: 'drip', everyMs: 1_000 } });
    const { code, out, seconds } = await reports(['--move-to', 'Archive', '--deadline', '3', '--json']);
    expect(code).toBe(2);
    const json = JSON.parse(out);
    expect(json.exitCode).toBe(2);
    expect(json.input).toMatchObject({ reports: 1, stopped: 'the time budget of 3 s (--deadline) ran out' });
    expect(json.input.problems).toEqual([{ origin: 'reports', message: 'the time budget of 3 s (--deadline) ran out: the inputs after this point were not read, and no mail was moved' }]);
    expect(json.institutions.find((i: { code: string }) => i.code === 'mosa')).toMatchObject({ reports: 1, messages: 10 });
    expect(server!.moved).toEqual([]);
    expect(moveCommands()).toEqual([]);
    // Generous: the deadline is 3 s, the drip would take minutes.
    expect(seconds).toBeLessThan(20);
    // The connection was closed, not left dripping.
    await waitFor(() => server!.openSockets() === 0);
  }, 60_000);

  test('a run stopped by its deadline proposes nothing: a report it did not read could be the failing sender', async () => {
    await start(mails(1, 2, 3), { 2: { kind: 'drip', everyMs: 1_000 } });
    const dir = mkdtempSync(join(tmpdir(), 'deadline-propose-'));
    const config = join(dir, 'institutions.yaml');
    copyFileSync(CONFIG, config);
    try {
      // mosa would be ready on the one report read, with these thresholds.
      const { code, err } = await reports(['--config', config, '--days', '1', '--messages', '1', '--propose', '--deadline', '3']);
      expect(code).toBe(2);
      expect(err).toContain('not proposed: the run stopped before every report was read; the config was left as it was');
      expect(readFileSync(config, 'utf8')).toBe(readFileSync(CONFIG, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a greeting dripped one byte a second: the deadline ends the run before anything is read', async () => {
    await start(mails(1), {}, { dripGreetingMs: 1_000 });
    const { code, out, err } = await reports(['--deadline', '2']);
    expect(code).toBe(2);
    expect(out).toContain('DMARC aggregate reports: 0 reports from 0 reporters');
    expect(out).toContain('reports: the time budget of 2 s (--deadline) ran out: the inputs after this point were not read, and no mail was moved');
    expect(err).toBe('');
    await waitFor(() => server!.openSockets() === 0);
  }, 60_000);

  test('--deadline is a whole number of seconds from 1 to 86400', async () => {
    await start(mails(1));
    for (const bad of ['0', '1.5', 'soon', '86401']) {
      const { code, err } = await reports(['--deadline', bad]);
      expect(code).toBe(2);
      expect(err).toMatch(/^--deadline must be a whole number [≥≤] \d+, got "[^"]+" \(allowed: 1–86400 seconds\)/);
    }
    expect(server!.commands).toEqual([]);
  }, 30_000);
});

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
