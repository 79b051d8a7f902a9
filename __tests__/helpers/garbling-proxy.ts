/**
 * A tiny DNS proxy on 127.0.0.1 for the verify tests: it forwards queries to a real server (BIND) and answers the
 * UDP queries `garble` picks with a reply no resolver can parse (right id, one answer announced, the packet cut off
 * after the header), which node:dns reports as EBADRESP. TCP (for answers over 512 bytes) is passed through as is.
 */
import { createSocket, RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, Server } from 'node:net';

export interface GarblingProxy {
  /** `127.0.0.1:PORT`, for `--dns-server`. */
  readonly address: string;
  stop(): Promise<void>;
}

/** The question of a DNS query (RFC 1035 §4.1.2): lowercase name without trailing dot, and type number. */
export function questionOf(query: Buffer): { name: string; type: number } | undefined {
  const labels: string[] = [];
  let i = 12;
  while (i < query.length && query[i] !== 0) {
    const length = query[i]!;
    if (length > 63 || i + 1 + length > query.length) return undefined;
    labels.push(query.subarray(i + 1, i + 1 + length).toString('latin1'));
    i += 1 + length;
  }
  if (i + 3 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(i + 1) };
}

export async function startGarblingProxy(upstreamPort: number, garble: (name: string, type: number) => boolean): Promise<GarblingProxy> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = await udpProxy(upstreamPort, garble);
    const port = udp.address().port;
    const tcp = await tcpPassThrough(port, upstreamPort).catch(() => undefined);
    if (tcp) {
      return {
        address: `127.0.0.1:${port}`,
        stop: async () => {
          await new Promise<void>((resolve) => tcp.close(() => resolve()));
          await new Promise<void>((resolve) => udp.close(() => resolve()));
        },
      };
    }
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

async function udpProxy(upstreamPort: number, garble: (name: string, type: number) => boolean): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  socket.on('message', (query: Buffer, client: RemoteInfo) => {
    const question = questionOf(query);
    if (question && garble(question.name, question.type)) {
      socket.send(Buffer.from([query[0]!, query[1]!, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xff, 0xff]), client.port, client.address);
      return;
    }
    const upstream = createSocket('udp4');
    upstream.once('message', (reply: Buffer) => {
      socket.send(reply, client.port, client.address);
      upstream.close();
    });
    upstream.once('error', () => upstream.close());
    upstream.send(query, upstreamPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

function tcpPassThrough(port: number, upstreamPort: number): Promise<Server> {
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
