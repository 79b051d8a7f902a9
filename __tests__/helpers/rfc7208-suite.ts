/**
 * The OpenSPF RFC 7208 test suite (release 2014.04, BSD licence), read at test time from the copy Debian's
 * python3-spf installs. It is never copied into this repository: without the package the suites that use it print
 * `SKIPPED …` and skip.
 *
 * Each scenario has tests (a check_host() call: helo, host IP, mail from, expected result or results) and the zone
 * data they run on. As the suite's own driver (pyspf's testspf.py) does, an `SPF` entry also stands for a TXT record
 * at the same name unless that name lists a TXT entry of its own (`TXT: NONE` means no TXT at all).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadAll } from 'js-yaml';
import { ZoneRecord, Zones } from './bind';
import { describeUnless } from './describe-unless';

export const SUITE_PATH = process.env.RFC7208_SUITE ?? '/usr/share/doc/python3-spf/rfc7208-tests.yml.gz';

export interface SuiteTest {
  readonly id: string;
  readonly scenario: string;
  readonly spec: string;
  readonly helo: string;
  readonly host: string;
  readonly mailfrom: string;
  /** The results the suite accepts (one, or several when RFC 7208 leaves the choice open). */
  readonly results: readonly string[];
}

/** What one name holds, as a resolver would answer it. */
export interface SuiteName {
  /** The name has a TIMEOUT entry: queries time out, except (pyspf's driver) for a type listed before it. */
  readonly timeout: boolean;
  /** A TXT query times out: TIMEOUT comes before any TXT entry. */
  readonly txtTimeout: boolean;
  /** TXT records, each as its strings joined without spaces (RFC 7208 §3.3). */
  readonly txt: readonly string[];
  readonly a: readonly string[];
  readonly aaaa: readonly string[];
  /** `"priority host"`. */
  readonly mx: readonly string[];
  readonly ptr: readonly string[];
  readonly cname: readonly string[];
}

export interface Scenario {
  readonly description: string;
  readonly tests: readonly SuiteTest[];
  /** Lowercase name without trailing dot → records. */
  readonly zone: ReadonlyMap<string, SuiteName>;
}

/** Why the suite cannot be read here, or undefined. */
export function suiteUnavailableReason(): string | undefined {
  if (!existsSync(SUITE_PATH)) return `OpenSPF RFC 7208 suite not found at ${SUITE_PATH} (Debian: apt-get install python3-spf; or set RFC7208_SUITE)`;
  return undefined;
}

/** `describe` when the suite is installed, else `describe.skip` with a visible message saying why. */
export function describeWithSuite(name: string, body: () => void): void {
  describeUnless(suiteUnavailableReason(), name, body);
}

interface RawScenario {
  description: string;
  tests: Record<string, { spec: string | number; helo: string; host: string; mailfrom: string; result: string | string[] }>;
  zonedata?: Record<string, (Record<string, unknown> | string)[]>;
}

/** The scenarios of the suite; empty when it is not installed (the suites using it are then skipped). */
export function loadSuite(): Scenario[] {
  if (suiteUnavailableReason()) return [];
  // A trusted fixture of 14 KB; the bound only keeps a corrupted file from exhausting memory.
  const text = gunzipSync(readFileSync(SUITE_PATH), { maxOutputLength: 4 * 1024 * 1024 }).toString('utf8');
  return (loadAll(text) as RawScenario[]).map((raw) => ({
    description: raw.description,
    tests: Object.entries(raw.tests).map(([id, t]) => ({
      id,
      scenario: raw.description,
      spec: String(t.spec),
      helo: t.helo,
      host: t.host,
      mailfrom: t.mailfrom,
      results: [t.result].flat(),
    })),
    zone: new Map(Object.entries(raw.zonedata ?? {}).map(([name, entries]) => [canonical(name), suiteName(entries)])),
  }));
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** pyspf's getrdata: SPF entries become TXT records unless the name has TXT entries of its own. */
function suiteName(entries: readonly (Record<string, unknown> | string)[]): SuiteName {
  const of = (type: string) => entries.flatMap((e) => (typeof e === 'object' && type in e ? [e[type]] : []));
  const strings = (v: unknown) => [v].flat().map(String).join('');
  const txt = of('TXT').length > 0 ? of('TXT').filter((v) => v !== 'NONE') : of('SPF');
  const timeoutAt = entries.indexOf('TIMEOUT');
  const txtFirst = entries.findIndex((e) => typeof e === 'object' && 'TXT' in e && e.TXT !== 'NONE');
  return {
    timeout: timeoutAt >= 0,
    txtTimeout: timeoutAt >= 0 && (txtFirst < 0 || txtFirst > timeoutAt),
    txt: txt.filter((v) => !(Array.isArray(v) && v.length === 0)).map(strings),
    a: of('A').map(String),
    aaaa: of('AAAA').map(String),
    mx: of('MX').map((v) => `${(v as [number, string])[0]} ${(v as [number, string])[1] || '.'}`),
    ptr: of('PTR').map(String),
    cname: of('CNAME').map(String),
  };
}

/** The TXT records a resolver returns for a name (following one CNAME, as the suite's driver does); 'timeout' when it times out. */
export function txtAt(zone: ReadonlyMap<string, SuiteName>, name: string): readonly string[] | 'timeout' {
  const entry = zone.get(canonical(name));
  if (!entry) return [];
  if (entry.txtTimeout) return 'timeout';
  if (entry.txt.length === 0 && entry.cname[0] !== undefined) {
    const target = zone.get(canonical(entry.cname[0]));
    return target?.txtTimeout ? 'timeout' : (target?.txt ?? []);
  }
  return entry.txt;
}

/**
 * A scenario's zone data as BIND zones: one zone per registered domain (the last two labels: `example.com`,
 * `in-addr.arpa`). Names that time out cannot be served this way and are refused.
 */
export function suiteZones(zone: ReadonlyMap<string, SuiteName>): Zones {
  const zones: Record<string, ZoneRecord[]> = {};
  for (const [name, entry] of zone) {
    if (entry.timeout) throw new Error(`${name}: TIMEOUT entries are not served by BIND in these tests`);
    const origin = name.split('.').slice(-2).join('.');
    const rows = (zones[origin] ??= []);
    const add = (type: ZoneRecord['type'], values: readonly string[]) => values.forEach((value) => rows.push({ name, type, value }));
    add('TXT', entry.txt);
    add('A', entry.a);
    add('AAAA', entry.aaaa);
    add('MX', entry.mx);
    add('PTR', entry.ptr);
    add('CNAME', entry.cname);
  }
  return zones;
}
