/**
 * A scripted IMAP server on 127.0.0.1 that speaks just enough IMAP4rev1 for imapflow (greeting, CAPABILITY, LOGIN,
 * SELECT/EXAMINE, UID SEARCH, UID FETCH, CREATE, UID MOVE, LOGOUT) and misbehaves on purpose, as a hostile or broken
 * server would: no data for a fetch, another mail's data, a literal dripped one byte at a time, more bytes than asked.
 * Dovecot cannot be made to do any of this. It records every command and every UID set it was asked to move.
 */
import { createServer, Server, Socket } from 'node:net';

export interface FakeMail {
  readonly uid: number;
  readonly source: string | Buffer;
  readonly subject?: string;
  /** The RFC822.SIZE to declare instead of the real one. */
  readonly declaredSize?: number;
}

/** How the server answers `UID FETCH` of one mail's content. */
export type Misbehaviour =
  | { readonly kind: 'no-data' }
  | { readonly kind: 'other-uid'; readonly sends: number }
  | { readonly kind: 'drip'; readonly everyMs: number }
  /** Ignores the partial range asked for and sends this many bytes. */
  | { readonly kind: 'oversize'; readonly bytes: number };

export interface FakeImapOptions {
  readonly user?: string;
  readonly password?: string;
  readonly misbehave?: Readonly<Record<number, Misbehaviour>>;
  /** Drip the greeting itself one byte at a time (a server that hangs before anything is read). */
  readonly dripGreetingMs?: number;
}

export interface FakeImap {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Every command line received, with the tag removed. */
  readonly commands: string[];
  /** The UID sets of every UID MOVE (and UID COPY), in order, as lists of UIDs. */
  readonly moved: number[][];
  /** Sockets still open (a client that hung up cleanly leaves none). */
  openSockets(): number;
  close(): Promise<void>;
}

const CAPABILITIES = 'IMAP4rev1 MOVE UIDPLUS';

export async function startFakeImap(mails: readonly FakeMail[], options: FakeImapOptions = {}): Promise<FakeImap> {
  const user = options.user ?? 'reports';
  const password = options.password ?? 'fake-pass';
  const commands: string[] = [];
  const moved: number[][] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let selected = false;
    let buffer = '';
    const send = (text: string | Buffer) => {
      if (!socket.destroyed) socket.write(text);
    };
    const drip = (bytes: Buffer, everyMs: number, then?: () => void) => {
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= bytes.length) {
          clearInterval(timer);
          timers.delete(timer);
          if (!socket.destroyed) then?.();
          return;
        }
        send(bytes.subarray(i, ++i));
      }, everyMs);
      timers.add(timer);
    };
    const greeting = `* OK [CAPABILITY ${CAPABILITIES}] fake IMAP ready\r\n`;
    if (options.dripGreetingMs) drip(Buffer.from(greeting), options.dripGreetingMs);
    else send(greeting);

    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const space = line.indexOf(' ');
        const tag = line.slice(0, space);
        const command = line.slice(space + 1);
        commands.push(command);
        answer(tag, command);
      }
    });

    const answer = (tag: string, command: string) => {
      const verb = command.split(' ')[0]!.toUpperCase();
      const ok = (text = 'done') => send(`${tag} OK ${text}\r\n`);
      switch (verb) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${CAPABILITIES}\r\n`);
          return ok();
        case 'LOGIN': {
          const [, u, p] = command.split(' ').map((w) => w.replace(/^"|"$/g, ''));
          if (u === user && p === password) return ok(`[CAPABILITY ${CAPABILITIES}] logged in`);
          return send(`${tag} NO [AUTHENTICATIONFAILED] invalid credentials\r\n`);
        }
        case 'SELECT':
        case 'EXAMINE':
          selected = true;
          send(`* ${mails.length} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1] UIDs valid\r\n`);
          send(`* OK [UIDNEXT ${Math.max(0, ...mails.map((m) => m.uid)) + 1}] next\r\n* FLAGS (\\Seen \\Deleted)\r\n`);
          return ok(verb === 'SELECT' ? '[READ-WRITE] selected' : '[READ-ONLY] examined');
        case 'UID':
          if (!selected) return send(`${tag} BAD no mailbox selected\r\n`);
          return uid(tag, command.slice(4));
        case 'LOGOUT':
          send('* BYE fake IMAP logging out\r\n');
          ok();
          return socket.end();
        default:
          // NOOP, ID, ENABLE, CREATE, LIST…: nothing to say but OK.
          return ok();
      }
    };

    const uid = (tag: string, rest: string) => {
      const [verb, set = ''] = rest.split(' ');
      const inSet = uidsIn(set, mails.map((m) => m.uid));
      switch (verb!.toUpperCase()) {
        case 'SEARCH':
          send(`* SEARCH ${mails.map((m) => m.uid).join(' ')}\r\n`.replace(' \r\n', '\r\n'));
          return send(`${tag} OK search done\r\n`);
        case 'FETCH':
          return fetch(tag, rest, inSet);
        case 'MOVE':
        case 'COPY':
          moved.push(inSet);
          if (inSet.length) send(`* OK [COPYUID 1 ${set} ${inSet.map((_, i) => i + 1).join(',')}] moved\r\n`);
          return send(`${tag} OK ${verb} done\r\n`);
        default:
          return send(`${tag} OK done\r\n`);
      }
    };

    const fetch = (tag: string, rest: string, uids: number[]) => {
      const wantsBody = /BODY\.PEEK\[\]/i.test(rest);
      const partial = /BODY\.PEEK\[\]<(\d+)\.(\d+)>/i.exec(rest);
      for (const id of uids) {
        const mail = mails.find((m) => m.uid === id)!;
        const seq = mails.indexOf(mail) + 1;
        const source = Buffer.from(mail.source);
        if (!wantsBody) {
          send(`* ${seq} FETCH (UID ${id} RFC822.SIZE ${mail.declaredSize ?? source.length})\r\n`);
          continue;
        }
        const how = options.misbehave?.[id];
        if (how?.kind === 'no-data') continue;
        const sentUid = how?.kind === 'other-uid' ? how.sends : id;
        const sentMail = mails.find((m) => m.uid === sentUid) ?? mail;
        let body = Buffer.from(sentMail.source);
        if (how?.kind === 'oversize') body = Buffer.alloc(how.bytes, 'x');
        else if (partial) body = body.subarray(Number(partial[1]), Number(partial[1]) + Number(partial[2]));
        const envelope = `ENVELOPE ("Mon, 02 Nov 2026 10:00:00 +0000" ${quoted(sentMail.subject ?? `mail ${sentUid}`)} NIL NIL NIL NIL NIL NIL NIL "<${sentUid}@fake>")`;
        const head = `* ${mails.indexOf(sentMail) + 1} FETCH (UID ${sentUid} ${envelope} BODY[]${partial ? `<${partial[1]}>` : ''} {${body.length}}\r\n`;
        if (how?.kind === 'drip') {
          send(head);
          // The rest of the answer never comes in time: one byte per interval.
          drip(Buffer.concat([body, Buffer.from(`)\r\n${tag} OK fetch done\r\n`)]), how.everyMs);
          return;
        }
        send(Buffer.concat([Buffer.from(head, 'latin1'), body, Buffer.from(')\r\n')]));
      }
      send(`${tag} OK fetch done\r\n`);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    user,
    password,
    commands,
    moved,
    openSockets: () => sockets.size,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** `1:3,7,9:*` → the UIDs of `known` in that set, in order. */
function uidsIn(set: string, known: readonly number[]): number[] {
  const max = Math.max(0, ...known);
  const wanted = new Set<number>();
  for (const part of set.split(',')) {
    const [a, b = a] = part.split(':');
    const [from, to] = [a === '*' ? max : Number(a), b === '*' ? max : Number(b)].sort((x, y) => x - y) as [number, number];
    for (const uid of known) if (uid >= from && uid <= to) wanted.add(uid);
  }
  return known.filter((uid) => wanted.has(uid));
}
