/**
 * Reads report mails from an IMAP mailbox with imapflow, one mail at a time. Read-only (EXAMINE: not even the \Seen
 * flag changes) unless `moveTo` is given; then, once every mail of the run has been read, they all move to that
 * folder (created when missing), so the next run reads only new mail. A mail that could not be read moves too: its
 * problem was reported in this run, and it stays findable in the folder.
 */
import type { ImapFlow } from 'imapflow';
import { REPORT_LIMITS, ReportLimits, showBytes } from '../limits';
import { ImapLocation, IMAP_PASSWORD_VARIABLE } from './imap-url';
import { reportsInMail } from './mail';
import { problem, ReadItem, ReportInputError } from './read-item';

export interface ImapReadOptions {
  readonly password: string;
  /** Move every mail read to this folder after the run. */
  readonly moveTo?: string;
  /** Only mails received on or after this time (seconds); IMAP SEARCH SINCE (a day's precision). */
  readonly since?: number;
  /** PEM certificates to trust besides the system's (a private CA, a test server). */
  readonly ca?: string;
  /** Connection and greeting timeout in milliseconds. @default 15000 */
  readonly timeoutMs?: number;
  readonly limits?: ReportLimits;
  /** Told how many mails were moved, and how many are left for the next run. */
  readonly onDone?: (done: { readonly read: number; readonly moved: number; readonly leftForNextRun: number }) => void;
}

export async function* readImapReports(location: ImapLocation, options: ImapReadOptions): AsyncGenerator<ReadItem> {
  const limits = options.limits ?? REPORT_LIMITS;
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
    ...(options.ca !== undefined && { tls: { ca: options.ca } }),
  });
  let lastError: unknown;
  // Without a listener, an 'error' event (a socket dropped mid-run) would end the process.
  client.on('error', (e: unknown) => (lastError = e));
  const where = `${location.user}@${location.host}:${location.port}`;
  try {
    await client.connect();
  } catch (e) {
    throw new ReportInputError(imapErrorMessage(e, where, location, options.password));
  }
  try {
    let lock;
    try {
      lock = await client.getMailboxLock(location.mailbox, { readOnly: options.moveTo === undefined });
    } catch (e) {
      throw new ReportInputError(`IMAP ${where}: cannot open mailbox ${JSON.stringify(location.mailbox)}: ${scrub(responseText(e), options.password)}`);
    }
    try {
      yield* readMailbox(client, location, options, limits);
    } finally {
      lock.release();
    }
  } catch (e) {
    if (e instanceof ReportInputError) throw e;
    throw new ReportInputError(imapErrorMessage(lastError ?? e, where, location, options.password));
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function* readMailbox(client: ImapFlow, location: ImapLocation, options: ImapReadOptions, limits: ReportLimits): AsyncGenerator<ReadItem> {
  const found = await client.search(options.since === undefined ? { all: true } : { since: new Date((options.since - 86400) * 1000) }, { uid: true });
  const uids = (found || []).sort((a, b) => a - b);
  const batch = uids.slice(0, limits.mails);
  const sizes = new Map<number, number>();
  if (batch.length) for await (const msg of client.fetch(uidSet(batch), { uid: true, size: true }, { uid: true })) sizes.set(msg.uid, msg.size ?? 0);
  for (const uid of batch) {
    const origin = `imap ${location.mailbox} uid ${uid}`;
    const size = sizes.get(uid) ?? 0;
    if (size > limits.mailBytes) {
      yield problem(origin, `is ${showBytes(size)}, over the limit of ${showBytes(limits.mailBytes)} per mail; not read`);
      continue;
    }
    const msg = await client.fetchOne(String(uid), { source: true, envelope: true }, { uid: true });
    if (!msg || !msg.source) {
      yield problem(origin, 'disappeared while it was being read');
      continue;
    }
    const subject = msg.envelope?.subject ? ` ${JSON.stringify(msg.envelope.subject.slice(0, 100))}` : '';
    for (const item of await reportsInMail(msg.source, `${origin}${subject}`, limits)) yield item;
  }
  let moved = 0;
  if (options.moveTo !== undefined && batch.length) {
    await client.mailboxCreate(options.moveTo).catch(() => undefined); // exists already: fine; other failures show in the move
    const result = await client.messageMove(uidSet(batch), options.moveTo, { uid: true });
    if (!result) throw new ReportInputError(`IMAP: could not move the mails read to ${JSON.stringify(options.moveTo)}`);
    moved = batch.length;
  }
  options.onDone?.({ read: batch.length, moved, leftForNextRun: uids.length - batch.length });
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
