/**
 * The PTR names of failing sources, bounded: at most {@link PTR_LIMITS.lookups} addresses per run, a time budget for
 * all of them, a timeout per query, at most {@link PTR_LIMITS.names} names per answer. An answer is hostile input (the
 * owner of an address writes its PTR record): a name must be a host name (LDH labels, 253 characters at most), and it
 * is *confirmed* only when it resolves back to the address (forward-confirmed reverse DNS). Only a confirmed name
 * names a service: anyone can give their address the PTR name `mail.mcsv.net`.
 */
import { isIP } from 'node:net';
import { canonicalName } from '../../model/names';

export interface PtrLimits {
  readonly lookups: number;
  readonly budgetMs: number;
  readonly timeoutMs: number;
  readonly tries: number;
  readonly concurrency: number;
  readonly names: number;
}

export const PTR_LIMITS: PtrLimits = Object.freeze({
  /** Addresses looked up per run (answers from the cache do not count). */
  lookups: 200,
  /** Milliseconds for all lookups of a run. */
  budgetMs: 20_000,
  /** Milliseconds per query attempt, and attempts. */
  timeoutMs: 2_000,
  tries: 2,
  /** Lookups at once. */
  concurrency: 8,
  /** PTR names of one answer looked at. */
  names: 4,
});

/** What the PTR lookup of one address gave. Errors (timeouts, SERVFAIL) are not kept in the cache. */
export type PtrOutcome =
  | { readonly kind: 'name'; readonly name: string; readonly confirmed: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'error'; readonly code: string };

/** Reverse and forward lookups, behind two methods so that tests answer from a table or a local DNS server. */
export interface ReverseDns {
  /** The PTR names of an address; throws an error with a node:dns `code` (ENOTFOUND, ENODATA, ETIMEOUT…). */
  reverse(ip: string): Promise<readonly string[]>;
  /** The addresses of a name, of the family of the source. */
  addresses(name: string, family: 4 | 6): Promise<readonly string[]>;
  /** Stops every query in flight (they fail with ECANCELLED). */
  cancel(): void;
}

export interface PtrCache {
  get(ip: string): PtrOutcome | undefined;
  set(ip: string, outcome: PtrOutcome): void;
}

export interface PtrRun {
  readonly outcomes: ReadonlyMap<string, PtrOutcome>;
  /** Addresses asked of DNS, answered from the cache, and left out (over the limit, or after the budget ran out). */
  readonly looked: number;
  readonly cached: number;
  readonly notLooked: number;
  /** Why lookups stopped early, if they did. */
  readonly stopped?: string;
}

/** node:dns (c-ares) with its own timeout and tries, one server or the system's. */
export function nodeReverseDns(options: { readonly server?: string; readonly timeoutMs?: number; readonly tries?: number } = {}): ReverseDns {
  const { Resolver } = (require('node:dns') as typeof import('node:dns')).promises;
  const resolver = new Resolver({ timeout: options.timeoutMs ?? PTR_LIMITS.timeoutMs, tries: options.tries ?? PTR_LIMITS.tries });
  if (options.server) resolver.setServers([options.server]);
  return {
    reverse: (ip) => resolver.reverse(ip),
    addresses: (name, family) => (family === 4 ? resolver.resolve4(name) : resolver.resolve6(name)),
    cancel: () => resolver.cancel(),
  };
}

/**
 * Looks up the PTR name of each address (in the order given: the most important first), from the cache where it
 * has a fresh answer, and confirms it forward. Stops at the limit of lookups, when the budget runs out, or when
 * `signal` aborts; never throws.
 */
export async function lookupPtrs(ips: readonly string[], dns: ReverseDns, options: { readonly cache?: PtrCache; readonly signal?: AbortSignal; readonly limits?: PtrLimits } = {}): Promise<PtrRun> {
  const limits = options.limits ?? PTR_LIMITS;
  const outcomes = new Map<string, PtrOutcome>();
  const queue: string[] = [];
  let cached = 0;
  for (const ip of new Set(ips)) {
    if (isIP(ip) === 0) continue;
    const hit = options.cache?.get(ip);
    if (hit) {
      outcomes.set(ip, hit);
      cached++;
    } else queue.push(ip);
  }
  const asked = queue.slice(0, limits.lookups);
  let stopped: string | undefined = queue.length > asked.length ? `the limit of ${limits.lookups} PTR lookups per run` : undefined;
  let over = false;
  const stop = (why: string) => {
    if (over) return;
    over = true;
    stopped = why;
    dns.cancel();
  };
  const timer = setTimeout(() => stop(`the PTR time budget of ${limits.budgetMs / 1000} s`), limits.budgetMs);
  const onAbort = () => stop('the run was stopped');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  let looked = 0;
  let next = 0;
  const worker = async () => {
    while (!over && next < asked.length) {
      const ip = asked[next++]!;
      const outcome = await lookupOne(ip, dns, limits.names);
      if (over && outcome.kind === 'error') break;
      looked++;
      outcomes.set(ip, outcome);
      if (outcome.kind !== 'error') options.cache?.set(ip, outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limits.concurrency, asked.length)) }, worker));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return { outcomes, looked, cached, notLooked: queue.length - looked, ...(stopped !== undefined && { stopped }) };
}

/** One address: its first valid PTR name, confirmed if one of its addresses is the source's. */
export async function lookupOne(ip: string, dns: ReverseDns, maxNames = PTR_LIMITS.names): Promise<PtrOutcome> {
  let names: readonly string[];
  try {
    names = await dns.reverse(ip);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return code === 'ENOTFOUND' || code === 'ENODATA' ? { kind: 'none' } : { kind: 'error', code };
  }
  const name = names.slice(0, maxNames).map(hostName).find((n) => n !== undefined);
  if (name === undefined) return names.length ? { kind: 'invalid' } : { kind: 'none' };
  let addresses: readonly string[] = [];
  try {
    addresses = await dns.addresses(name, isIP(ip) === 6 ? 6 : 4);
  } catch {
    // No address for the name (or no answer): the name stays unconfirmed.
  }
  const own = sameAddress(ip);
  return { kind: 'name', name, confirmed: addresses.slice(0, 64).some((a) => sameAddress(a) === own) };
}

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A PTR answer as a host name (lowercase, no trailing dot), or undefined when it is none: escapes, spaces, long labels. */
export function hostName(answer: unknown): string | undefined {
  if (typeof answer !== 'string' || answer.length > 254) return undefined;
  const name = canonicalName(answer);
  if (name.length === 0 || name.length > 253) return undefined;
  return name.split('.').every((label) => LABEL.test(label)) && name.includes('.') ? name : undefined;
}

/** An address in one form: IPv6 compressed and lowercase as the URL parser writes it. */
function sameAddress(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname;
  } catch {
    return ip;
  }
}
