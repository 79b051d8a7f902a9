// `--dns-server HOST:PORT`, shared by verify and reports (PTR lookups): one parser, one error message.
import { isIPv4, isIPv6 } from 'node:net';
import { UsageError } from './errors';

/** `HOST[:PORT]` where HOST is an IP (node:dns takes addresses only); IPv6 with a port as `[::1]:53`. */
export function parseDnsServer(value: string): string {
  const v4 = /^([0-9.]+)(?::([0-9]+))?$/.exec(value);
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::([0-9]+))?$/.exec(value);
  // An IPv4 address is never asked isIPv6, whose pattern costs ~6 M instructions to compile.
  const ipv4 = v4 !== null && isIPv4(v4[1]!);
  const [host, port] = ipv4 ? [v4[1]!, v4[2]] : v6 && isIPv6(v6[1]!) ? [v6[1]!, v6[2]] : isIPv6(value) ? [value, undefined] : [];
  if (host === undefined || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new UsageError(`--dns-server must be an IP address with an optional port (e.g. 1.1.1.1:53 or [2606:4700:4700::1111]:53), got ${JSON.stringify(value)}`);
  }
  return ipv4 ? `${host}:${port ?? 53}` : `[${host}]:${port ?? 53}`;
}
