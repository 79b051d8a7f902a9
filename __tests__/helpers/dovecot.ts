/**
 * A throwaway Dovecot IMAP server on 127.0.0.1 for the report-mailbox tests: IMAPS with a self-signed certificate
 * made here by openssl, one user whose password is in a passwd-file, a Maildir the test fills. Recipe and quirks:
 * shared/FACTS.md ("Dovecot ... as a test IMAP server"). The server runs in the foreground (-F) and is stopped by
 * its pid.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describeUnless } from './describe-unless';
import { spawnTestServer } from './test-server';

export interface DovecotServer {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The user's Maildir: files written to `new/` appear in INBOX. */
  readonly maildir: string;
  /** PEM of the self-signed certificate, for `--ca`. */
  readonly caFile: string;
  /** Drops one RFC 5322 message into INBOX. */
  deliver(name: string, message: string): void;
  stop(): Promise<void>;
}

/** How long Dovecot may take to accept its first connection (helpers/timeouts.ts allows the hook more). */
const DOVECOT_READY_TIMEOUT_MS = 60_000;

const DOVECOT_CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot', 'dovecot'];

function findDovecot(): string | undefined {
  const candidates = process.env.DOVECOT ? [process.env.DOVECOT] : DOVECOT_CANDIDATES;
  return candidates.find((bin) => spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0);
}

/** Why the Dovecot tests cannot run here, or undefined when they can. */
export function dovecotUnavailableReason(): string | undefined {
  if (!findDovecot()) return `Dovecot not found or not runnable (${process.env.DOVECOT ? `DOVECOT=${process.env.DOVECOT}` : DOVECOT_CANDIDATES.join(', ')}; Debian: apt-get install dovecot-imapd); IMAP tests skipped`;
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl not found (it makes the test certificate); IMAP tests skipped';
  if (userInfo().uid !== 0) return 'Dovecot needs root here (the login processes run as dovenull, the mail user as nobody); IMAP tests skipped';
  return undefined;
}

export function describeWithDovecot(name: string, body: () => void): void {
  describeUnless(dovecotUnavailableReason(), name, body);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function uidOf(name: string, db: 'passwd' | 'group'): number {
  const line = readFileSync(`/etc/${db}`, 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} in /etc/${db}`);
  return Number(line.split(':')[2]);
}

export async function startDovecot(): Promise<DovecotServer> {
  const dovecot = findDovecot();
  if (!dovecot) throw new Error(dovecotUnavailableReason());
  const dir = mkdtempSync(join(tmpdir(), 'reports-dovecot-'));
  chmodSync(dir, 0o755); // the mail user (nobody) must reach its home below
  const home = join(dir, 'home');
  const maildir = home;
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  const [uid, gid] = [uidOf('nobody', 'passwd'), uidOf('nogroup', 'group')];
  spawnSync('chown', ['-R', `${uid}:${gid}`, home]);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (ssl.status !== 0) throw new Error(`openssl failed: ${ssl.stderr}`);
  const user = 'reports';
  const password = 'test-password-42';
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  const port = await freePort();
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
mail_location = maildir:${maildir}
ssl = required
ssl_cert = <${cert}
ssl_key = <${key}
disable_plaintext_auth = no
auth_mechanisms = plain login
# A failed login is answered at once (the default waits 2 s, and anvil adds a penalty per IP to later logins).
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${home}
}
service imap-login {
  chroot =
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${port}
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
  );
  const server = spawnTestServer(dovecot, ['-F', '-c', join(dir, 'dovecot.conf')], dir);
  // Ready when its IMAPS port accepts a connection; on a busy machine that can take many seconds, so up to a minute.
  const deadline = Date.now() + DOVECOT_READY_TIMEOUT_MS;
  while (Date.now() < deadline && !server.exited()) {
    if (await listening(port)) {
      let n = 0;
      return {
        port,
        user,
        password,
        maildir,
        caFile: cert,
        deliver: (name, message) => {
          const file = join(maildir, 'new', `${Date.now()}.${++n}.${name}`);
          writeFileSync(file, message.replace(/\r?\n/g, '\r\n'));
          chownSync(file, uid, gid);
        },
        stop: server.stop,
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = (() => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-2000);
    } catch {
      return '';
    }
  })();
  await server.stop();
  throw new Error(`dovecot did not start:\n${server.stderr()}\n${log}`);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
