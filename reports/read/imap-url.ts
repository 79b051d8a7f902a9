/**
 * `imaps://user@host:port/MAILBOX`: where the report mailbox is. The password never comes from here (argv is visible
 * to every process on the machine and ends up in shell histories and CI logs): only from EMAIL_AUTH_IMAP_PASSWORD.
 */
export interface ImapLocation {
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly mailbox: string;
}

export const IMAP_PASSWORD_VARIABLE = 'EMAIL_AUTH_IMAP_PASSWORD';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Parses the URL; throws an Error whose message is fit for a usage error (and never holds a password). */
export function parseImapUrl(text: string): ImapLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--imap: expected a URL such as imaps://reports@imap.example.org:993/INBOX, got ${JSON.stringify(text.replace(/:[^:@/]*@/, ':***@'))}`);
  }
  if (url.password) throw new Error(`--imap: the URL must not hold the password; set ${IMAP_PASSWORD_VARIABLE} instead`);
  if (url.protocol !== 'imaps:' && url.protocol !== 'imap:') throw new Error(`--imap: expected an imaps:// URL, got ${JSON.stringify(url.protocol)}`);
  const secure = url.protocol === 'imaps:';
  // Plain IMAP sends the password in clear text: only to this machine (a local test server or a tunnel).
  if (!secure && !LOOPBACK.has(url.hostname)) throw new Error('--imap: imap:// sends the password unencrypted; use imaps:// (plain imap:// is allowed to 127.0.0.1 only)');
  if (!url.username) throw new Error('--imap: the URL needs the user name, as in imaps://reports@imap.example.org/INBOX');
  if (url.search || url.hash) throw new Error('--imap: the URL takes no ?query or #fragment');
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    secure,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    user: decodeURIComponent(url.username),
    mailbox,
  };
}
