/**
 * The PTR answers of earlier runs, kept in the history folder as `ptr.txt`: one line per address, with the day it was
 * looked up. An answer older than {@link PTR_CACHE_DAYS} days is asked again. Errors are never kept. The reader is
 * strict (line numbers) like the history's, and bounded in lines.
 */
import { isIP } from 'node:net';
import { day as dayText } from '../numbers';
import { hostName, PtrCache, PtrOutcome } from '../senders/ptr';
import { HistoryFormatError } from './history-text';

export const PTR_CACHE_FILE = 'ptr.txt';
export const PTR_CACHE_DAYS = 30;
/** Addresses kept: the most recently looked up. */
export const PTR_CACHE_MAX = 20_000;
const HEADER = '# email-auth-dns PTR cache, version 1: <ip> <day looked up> <name|-> <confirmed|unconfirmed|none|invalid>';

export class PtrCacheFile implements PtrCache {
  private readonly entries = new Map<string, { day: string; outcome: PtrOutcome }>();
  private readonly firstDay: string;

  constructor(private readonly now: number) {
    this.firstDay = dayText(now - (PTR_CACHE_DAYS - 1) * 86400);
  }

  /** Reads the file's text; answers older than the cache keeps are dropped. */
  load(text: string): void {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length > PTR_CACHE_MAX + 10) throw new HistoryFormatError(`has ${lines.length} lines, more than the ${PTR_CACHE_MAX} addresses kept`);
    lines.forEach((line, i) => {
      if (line.startsWith('#')) return;
      const fields = line.split(' ');
      const fail = (what: string) => {
        throw new HistoryFormatError(`line ${i + 1}: ${what}`);
      };
      if (fields.length !== 4) fail(`has ${fields.length} fields separated by single spaces, not 4`);
      const [ip, day, name, status] = fields as [string, string, string, string];
      if (isIP(ip) === 0) fail(`${JSON.stringify(ip.slice(0, 60))} is not an IP address`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) fail(`${JSON.stringify(day.slice(0, 20))} is not a day (YYYY-MM-DD)`);
      if (this.entries.has(ip)) fail(`repeats the address ${ip}`);
      let outcome: PtrOutcome;
      if (status === 'confirmed' || status === 'unconfirmed') {
        if (hostName(name) !== name) fail(`${JSON.stringify(name.slice(0, 60))} is not a host name as the cache writes it`);
        outcome = { kind: 'name', name, confirmed: status === 'confirmed' };
      } else if (status === 'none' || status === 'invalid') {
        if (name !== '-') fail(`an address with ${status} has "-" for its name`);
        outcome = { kind: status };
      } else return fail(`has the status ${JSON.stringify(status.slice(0, 20))}, not confirmed, unconfirmed, none or invalid`);
      if (day >= this.firstDay && day <= dayText(this.now + 86400)) this.entries.set(ip, { day, outcome });
    });
  }

  get(ip: string): PtrOutcome | undefined {
    return this.entries.get(ip)?.outcome;
  }

  set(ip: string, outcome: PtrOutcome): void {
    if (outcome.kind === 'error') return;
    this.entries.delete(ip);
    this.entries.set(ip, { day: dayText(this.now), outcome });
  }

  /** The file's text: the most recent {@link PTR_CACHE_MAX} answers, sorted by address. */
  text(): string {
    const kept = [...this.entries].sort(([, a], [, b]) => b.day.localeCompare(a.day)).slice(0, PTR_CACHE_MAX);
    const lines = kept
      .map(([ip, { day, outcome }]) => (outcome.kind === 'name' ? `${ip} ${day} ${outcome.name} ${outcome.confirmed ? 'confirmed' : 'unconfirmed'}` : `${ip} ${day} - ${outcome.kind}`))
      .sort();
    return [HEADER, ...lines].join('\n') + '\n';
  }

  get size(): number {
    return this.entries.size;
  }
}
