/**
 * Reads report mails from an IMAP mailbox with imapflow, one mail at a time. Read-only (EXAMINE: not even the \Seen
 * flag changes) unless `moveTo` is given; then, at the end of the run, the mails that were read in full and whose
 * reports the analysis took in (readable or not: a broken report was reported in this run, and stays findable in
 * the folder) move to that folder (created when missing), so the next run reads only new mail; a mail with a report
 * the analysis holds back (new to a history not saved yet: ReadItem `hold`) stays for a later run. A mail the server
 * did not hand over in full (no data, another mail's data, more bytes than the limit) stays where it is, and so does
 * everything when the run is stopped (`signal`): the connection is closed at once and nothing moves.
 */
import type { ImapFlow } from 'imapflow';
import { REPORT_LIMITS, ReportLimits, showBytes } from '../limits';
import { ImapLocation, IMAP_PASSWORD_VARIABLE } from './imap-url';
import { reportsInMail } from './mail';
import { problem, ReadItem, ReportInputError } from './read-item';

export interface ImapReadOptions {
  readonly password: string;
  /** Move the mails read in full to this folder after the run. */
  readonly moveTo?: string;
  /** Only mails received on or after this time (seconds); IMAP SEARCH SINCE (a day's precision). */
  readonly since?: number;
  /** PEM certificates to trust besides the system's (a private CA, a test server). */
  readonly ca?: string;
  /** Connection and greeting timeout in milliseconds; a socket silent for 4 times this is closed. @default 15000 */
  readonly timeoutMs?: number;
  readonly limits?: ReportLimits;
  /** Ends the reading: the connection is closed, the reader returns, and no mail moves. */
  readonly signal?: AbortSignal;
  /**
   * Told how many mails were read in full and moved, how many were read but kept for a later run (their reports are
   * new to the history), how many could not be read, and how many wait for the next run.
   */
  readonly onDone?: (done: { readonly read: number; readonly moved: number; readonly kept: number; readonly notRead: number; readonly leftForNextRun: number }) => void;
}

export async function* readImapReports(location: ImapLocation, options: ImapReadOptions): AsyncGenerator<ReadItem> {
  const limits = options.limits ?? REPORT_LIMITS;
  const { signal } = options;
  if (signal?.aborted) return;
  const { ImapFlow } = require('imapflow') as typeof import('imapflow');
  const timeout = options.timeoutMs ?? 15_000;
  const client = new ImapFlow({
    host: location.host,
    port: location.port,
    secure: location.secure,
    auth: { user: location.user, pass: options.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: 4 * timeout,
    // No literal may be larger than what a mail is asked for (its first mailBytes + 1 bytes), whatever the server
    // declares or sends: a larger one fails the connection instead of filling memory.
    maxLiteralSize: limits.mailBytes + 1,
    maxResponseSize: limits.mailBytes + 1024 * 1024,
    ...(options.ca !== undefined && { tls: { ca: options.ca } }),
  });
  let lastError: unknown;
  // Without a listener, an 'error' event (a socket dropped mid-run) would end the process.
  client.on('error', (e: unknown) => (lastError = e));
  // A server that drips its answer a byte at a time never trips the idle timeout: the run's deadline closes it.
  const stop = () => client.close();
  signal?.addEventListener('abort', stop, { once: true });
  const where = `${location.user}@${location.host}:${location.port}`;
  try {
    try {
      await client.connect();
    } catch (e) {
      if (signal?.aborted) return;
      throw new ReportInputError(imapErrorMessage(e, where, location, options.password));
    }
    try {
      let lock;
      try {
        lock = await client.getMailboxLock(location.mailbox, { readOnly: options.moveTo === undefined });
      } catch (e) {
        if (signal?.aborted) return;
        throw new ReportInputError(`IMAP ${where}: cannot open mailbox ${JSON.stringify(location.mailbox)}: ${scrub(responseText(e), options.password)}`);
      }
      try {
        yield* readMailbox(client, location, options, limits);
      } finally {
        lock.release();
      }
    } catch (e) {
      if (signal?.aborted) return;
      if (e instanceof ReportInputError) throw e;
      throw new ReportInputError(imapErrorMessage(lastError ?? e, where, location, options.password));
    } finally {
      if (signal?.aborted) client.close();
      else await client.logout().catch(() => client.close());
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

async function* readMailbox(client: ImapFlow, location: ImapLocation, options: ImapReadOptions, limits: ReportLimits): AsyncGenerator<ReadItem> {
  const found = await client.search(options.since === undefined ? { all: true } : { since: new Date((options.since - 86400) * 1000) }, { uid: true });
  const uids = (found || []).sort((a, b) => a - b);
  const batch = uids.slice(0, limits.mails);
  // What the server declares: a mail declared over the limit is not fetched. What it sends is counted again below.
  const declared = new Map<number, number>();
  // Only the UIDs asked for are kept: a server that answers with a million others fills no map.
  const wanted = new Set(batch);
  if (batch.length) for await (const msg of client.fetch(uidSet(batch), { uid: true, size: true }, { uid: true })) if (wanted.has(msg.uid)) declared.set(msg.uid, msg.size ?? 0);
  const read: number[] = [];
  let kept = 0;
  for (const uid of batch) {
    if (options.signal?.aborted) return;
    const origin = `imap ${location.mailbox} uid ${uid}`;
    const size = declared.get(uid) ?? 0;
    if (size > limits.mailBytes) {
      yield problem(origin, `is ${showBytes(size)}, over the limit of ${showBytes(limits.mailBytes)} per mail; not read (it stays in the mailbox)`);
      continue;
    }
    // At most one byte more than the limit is asked for (BODY.PEEK[]<0.N>), and counted as it arrives.
    const msg = await client.fetchOne(String(uid), { source: { start: 0, maxLength: limits.mailBytes + 1 }, envelope: true }, { uid: true });
    if (!msg || !msg.source) {
      yield problem(origin, 'the server sent no data for it; not read (it stays in the mailbox)');
      continue;
    }
    if (msg.uid !== uid) {
      yield problem(origin, `the server sent another mail (uid ${msg.uid}) for it; not read (it stays in the mailbox)`);
      continue;
    }
    if (msg.source.length > limits.mailBytes) {
      yield problem(origin, `is more than ${showBytes(limits.mailBytes)} as received, over the limit per mail; not read (it stays in the mailbox)`);
      continue;
    }
    const subject = msg.envelope?.subject ? ` ${JSON.stringify(msg.envelope.subject.slice(0, 100))}` : '';
    // A report the analysis holds back (new, and the history that will keep it is not saved yet) keeps its mail here.
    let held = false;
    const hold = () => (held = true);
    for await (const item of reportsInMail(msg.source, `${origin}${subject}`, limits)) yield item.kind === 'xml' ? { ...item, hold } : item;
    // The generator resumes here only once the analysis has taken in this mail's last item.
    if (held) kept++;
    else read.push(uid);
  }
  let moved = 0;
  if (options.moveTo !== undefined && read.length && !options.signal?.aborted) {
    await client.mailboxCreate(options.moveTo).catch(() => undefined); // exists already: fine; other failures show in the move
    const result = await client.messageMove(uidSet(read), options.moveTo, { uid: true });
    if (!result) throw new ReportInputError(`IMAP: could not move the mails read to ${JSON.stringify(options.moveTo)}`);
    moved = read.length;
  }
  options.onDone?.({ read: read.length + kept, moved, kept, notRead: batch.length - read.length - kept, leftForNextRun: uids.length - batch.length });
}

/** `1:3,7,9:10`: a sorted UID list as an IMAP sequence set. */
export function uidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < uids.length; i++) {
    let j = i;
    while (j + 1 < uids.length && uids[j + 1] === uids[j]! + 1) j++;
    parts.push(j > i ? `${uids[i]}:${uids[j]}` : `${uids[i]}`);
    i = j;
  }
  return parts.join(',');
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ETIMEOUT', 'NoConnection', 'EConnectionClosed']);

/** A message for every way connecting fails; never the password, even if a server echoes it. */
export function imapErrorMessage(error: unknown, where: string, location: ImapLocation, password: string): string {
  const e = (error ?? {}) as { code?: string; authenticationFailed?: boolean; serverResponseCode?: string; message?: string };
  let message: string;
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    message = `IMAP login as ${JSON.stringify(location.user)} at ${location.host}:${location.port} failed: wrong user or password (${IMAP_PASSWORD_VARIABLE})`;
  } else if (e.code && UNREACHABLE.has(e.code)) {
    message = `cannot reach the IMAP server ${location.host}:${location.port} (${e.code})`;
  } else if (e.code && /CERT|SELF_SIGNED|ERR_TLS|UNABLE_TO_VERIFY/.test(e.code)) {
    message = `IMAP ${location.host}:${location.port}: TLS certificate not trusted (${e.code}); give the CA with --ca FILE`;
  } else if (e.code && /^(EPROTO|ERR_SSL)/.test(e.code)) {
    message = `IMAP ${location.host}:${location.port}: TLS handshake failed (${e.code}); is it an imaps:// port?`;
  } else {
    message = `IMAP ${where}: ${responseText(error)}`;
  }
  return scrub(message, password);
}

function responseText(error: unknown): string {
  const e = error as { responseText?: string; message?: string; code?: string };
  return e?.responseText || e?.message || e?.code || String(error);
}

function scrub(text: string, password: string): string {
  return password ? text.split(password).join('***') : text;
}
