/**
 * A throwaway BIND 9 (`named`) on 127.0.0.1 for the DNS tests. It serves the zones it is given, plus a local root
 * zone so that it never sends a query off the machine, and recurses for 127.0.0.1 only so that it follows CNAME
 * chains across its own zones like a receiver's resolver (authoritative-only, it would answer the DKIM CNAME
 * without the key behind it). The code is scripts/bind-server.js, which the verify bench uses too; typed here.
 */
import { describeUnless } from './describe-unless';

export interface ZoneRecord {
  /** Fully qualified, without trailing dot. */
  readonly name: string;
  readonly type: 'TXT' | 'CNAME' | 'MX' | 'A' | 'AAAA' | 'NS' | 'PTR';
  /** TXT as logical text (its UTF-8, split into 255-octet strings when written); MX as "priority host"; others as in a zone file. */
  readonly value: string;
}

/** A TXT record of raw bytes, to publish bytes that are not UTF-8. */
export interface ZoneBytesRecord {
  readonly name: string;
  readonly type: 'TXT';
  readonly value: Uint8Array;
}

/** Zone origin (e.g. `secutix.com`) → records. */
export type Zones = Readonly<Record<string, readonly (ZoneRecord | ZoneBytesRecord)[]>>;

export interface BindServer {
  readonly port: number;
  /** `127.0.0.1:PORT`, for `--dns-server` and `Resolver.setServers`. */
  readonly address: string;
  stop(): Promise<void>;
}

export interface BindOptions {
  /**
   * `ignore`: serve names that are not host names (a PTR target with spaces or control characters), which BIND refuses
   * in a primary zone by default (check-names): for tests of hostile answers.
   */
  readonly checkNames?: 'ignore';
}

const bind = require('../../scripts/bind-server.js') as {
  findNamed(): string | undefined;
  bindUnavailableReason(): string | undefined;
  zoneTxt(value: string | Uint8Array): string;
  zoneFile(origin: string, records: readonly (ZoneRecord | ZoneBytesRecord)[]): string;
  startBind(zones: Zones, options?: BindOptions): Promise<BindServer>;
  READY_TIMEOUT_MS: number;
};

/** The path of a `named` that runs, or undefined. `NAMED=/path/to/named` picks one (and `NAMED=none` shows the skip). */
export const findNamed = bind.findNamed;
/** Why the BIND tests cannot run here, or undefined when they can. Synchronous, so it can pick describe or describe.skip. */
export const bindUnavailableReason = bind.bindUnavailableReason;
/** Quotes a TXT value for a zone file: ≤ 255-octet strings, everything outside printable ASCII as `\DDD`. */
export const zoneTxt = bind.zoneTxt;
export const zoneFile = bind.zoneFile;
/**
 * Writes the zones, starts named and waits until it answers: up to {@link BIND_READY_TIMEOUT_MS} per attempt, three
 * attempts. A hook that calls it allows SERVER_HOOK_TIMEOUT_MS (helpers/timeouts.ts).
 */
export const startBind = bind.startBind;
export const BIND_READY_TIMEOUT_MS = bind.READY_TIMEOUT_MS;

/** `describe` when named is available, else `describe.skip` with a visible message saying why. */
export function describeWithBind(name: string, body: () => void): void {
  describeUnless(bindUnavailableReason(), name, body);
}
