/**
 * DMARC report authorisation (RFC 7489 §7.1, RFC 9990 "Verifying External Destinations"): a domain that receives
 * reports about another domain says so with `<domain>._report._dmarc.<report-domain>` TXT `v=DMARC1`; without it,
 * receivers drop the reports. This file says when a report address needs that record (`reportAuthorizationNeed`) and
 * builds the records (`reportAuthorizationRecords`). Which zone of a config publishes each one is decided in
 * `report-authorization-plan.ts`.
 */
import { DmarcOptions, reportAuthorizationName, needsReportAuthorization } from './dmarc';
import { DmarcRecord, parseDmarcRecord } from './dmarc-record';
import { PLAIN_MAILTO } from './dmarc-plain';
import { checkReportUri } from './dmarc-tags';
import { nextTreeWalkName, organizationalDomainOf } from './dmarc-tree-walk';
import { isWithinZone, MAX_NAME_LENGTH } from './names';
import { pslOrganizationalDomain } from './org-domain';
import { Problems, show } from './problems';
import type { TtlRule, TxtRecord } from './records';
import { flatText } from './flat-text';

/** The `kept` of every authorisation record: one shared empty list (records are read-only). */
const NO_KEPT: readonly string[] = Object.freeze([]);

/** The value of every authorisation record: the version tag alone (RFC 7489 §7.1). */
export const REPORT_AUTHORIZATION_VALUE = 'v=DMARC1';

/** The `values` of every authorisation record, one shared list like NO_KEPT. */
const REPORT_AUTHORIZATION_VALUES: readonly string[] = Object.freeze([REPORT_AUTHORIZATION_VALUE]);

/** The purpose of an authorisation record in the neutral model. */
export const REPORT_AUTHORIZATION_PURPOSE = 'report-auth';

/** `reportDomain` accepts DMARC reports about `domain`. Both normalised (lowercase, no trailing dot, punycode). */
export interface ReportAuthorization {
  readonly domain: string;
  readonly reportDomain: string;
}

/**
 * The record's key in its stack (its construct id, under the construct `report-auth`): `<domain>__<report-domain>`
 * with dots written `_`. Unique per pair: domains hold no `_`, so `__` only ever separates the two; and no key of an
 * institution's own records (`spf`, `dmarc`…) holds one.
 */
export function reportAuthorizationKey(a: ReportAuthorization): string {
  return `${a.domain.replaceAll('.', '_')}__${a.reportDomain.replaceAll('.', '_')}`;
}

/**
 * The DMARC records some names publish (what a tree walk over them would find), by domain without `_dmarc.`: whether
 * there is one, and its `psd` (all the organizational domain depends on).
 */
export type KnownDmarcRecords = (domain: string) => Pick<DmarcRecord, 'psd'> | undefined;

/**
 * The RFC 9989 tree walk (§4.10) over the records known here instead of DNS: the organizational domain of `domain`
 * as it is when no other `_dmarc` record exists.
 */
export function knownOrganizationalDomain(domain: string, known: KnownDmarcRecords): string {
  // By offsets rather than treeWalkNames' list (the planner walks every sender and report domain of a config), and
  // deciding as it goes rather than collecting the records found: until a record with psd=y or psd=n ends the walk
  // (RFC 9989 §4.10 steps 2 and 6), the organizational domain is the shortest name with a record.
  let org = domain;
  for (let at = 0; at !== -1; at = nextTreeWalkName(domain, at)) {
    const name = at === 0 ? domain : domain.slice(at);
    const record = known(name);
    if (!record) continue;
    if (record.psd !== 'u') return organizationalDomainOf(domain, [{ name, psd: record.psd }]);
    org = name;
  }
  return org;
}

/**
 * Whether `known` holds a DMARC record at a name the tree walk from `domain` asks, or at its parent (which a walk from
 * a name of 9 labels or more skips; asked too, to keep the argument short). When it holds none, `domain` is its own
 * organizational domain and the walk from no other name ends at it (`knownOrganizationalDomain` ends at the start, at
 * a name with a record, or one label below a `psd=y` record, which would be the parent), so reports about any other
 * domain sent there need the authorisation record: the planner then walks from neither.
 */
export function recordOnWalk(domain: string, known: { has(domain: string): boolean }): boolean {
  for (let at = 0; at !== -1; at = nextTreeWalkName(domain, at)) if (known.has(at === 0 ? domain : domain.slice(at))) return true;
  const dot = domain.indexOf('.');
  return dot !== -1 && known.has(domain.slice(dot + 1));
}

/**
 * The `psd` of a DMARC record as receivers read it, parsing the record only when it names the tag at all (the
 * planner asks this of every institution's record; without the tag, `psd` is `u`).
 */
export function psdOf(record: string): Pick<DmarcRecord, 'psd'> {
  return /psd/i.test(record) ? { psd: parseDmarcRecord(record).psd } : NO_PSD;
}

/** Shared by every record without the tag (the planner's walks only read it). */
const NO_PSD: Pick<DmarcRecord, 'psd'> = Object.freeze({ psd: 'u' });

/** Why reports about `domain` sent to `reportDomain` need the authorisation record: which view of organisations says so. */
export interface ReportAuthorizationNeed {
  readonly name: string;
  /** The warning when nobody publishes it (without the advice on how to publish it). */
  readonly reason: string;
}

/**
 * Whether receivers send reports about `domain` to `reportDomain` only once it publishes the authorisation record: when
 * the two lie in different organisations (RFC 9990). Receivers tell organisations apart in two ways, and the record is
 * needed when either says "different":
 * - by the Public Suffix List (RFC 7489 receivers, and many RFC 9989 ones in practice);
 * - by the RFC 9989 DNS tree walk (§4.10), here over the `_dmarc` records `known` (those the config publishes): a
 *   subdomain whose parent publishes no DMARC record is its own organizational domain, so `news.example.org` sending to
 *   `dmarc@example.org` needs the record unless `_dmarc.example.org` exists (a record outside the config would spare it;
 *   `verify` decides from live DNS).
 * The config's planner decides the same without building the need (report-authorization-plan.ts, held equal by a
 * property test) and asks this only for the reason of a warning.
 */
export function reportAuthorizationNeed(
  domain: string,
  reportDomain: string,
  known: KnownDmarcRecords,
): ReportAuthorizationNeed | undefined {
  if (domain === reportDomain) return undefined;
  if (needsReportAuthorization(domain, reportDomain)) {
    const name = reportAuthorizationName(domain, reportDomain);
    return { name, reason: `reports go to another domain (${reportDomain}); receivers send them only if it ${publishes(name)} (RFC 7489 §7.1)` };
  }
  const org = knownOrganizationalDomain(domain, known);
  const reportOrg = knownOrganizationalDomain(reportDomain, known);
  if (org === reportOrg) return undefined;
  const name = reportAuthorizationName(domain, reportDomain);
  let reason: string | undefined;
  return {
    name,
    // Written only when asked for (once, however many addresses warn with it): the planner publishes most of these
    // records and warns about none of them, and the text needs the Public Suffix List (tldts, 220 KB of code to
    // load) for the one organizational domain it names.
    get reason() {
      if (reason !== undefined) return reason;
      const psl = pslOrganizationalDomain(domain);
      const unless = known(psl) === undefined ? ` unless _dmarc.${psl} exists (this config publishes none),` : ' with the DMARC records this config publishes,';
      const own = org === domain ? `${domain} is its own organizational domain` : `${domain} belongs to the organizational domain ${org}`;
      const theirs = reportOrg === reportDomain ? '' : ` and ${reportDomain} to ${reportOrg}`;
      reason =
        `reports go to ${reportDomain}, in ${domain}'s organisation by the Public Suffix List; but receivers that follow RFC 9989 find ` +
        `organizational domains by a DNS tree walk (§4.10), and${unless} ${own}${theirs}: they send the reports only if ${reportDomain} ${publishes(name)}`;
      return reason;
    },
  };
}

function publishes(name: string): string {
  return `publishes ${name} TXT "${REPORT_AUTHORIZATION_VALUE}"`;
}

/** One valid `mailto:` report address of a DMARC option: its list, its index there, and its domain. */
export interface ReportAddress {
  readonly list: 'rua' | 'ruf';
  readonly index: number;
  readonly reportDomain: string;
}

/** The valid `mailto:` addresses of `rua` and `ruf` (the invalid ones are the builder's to report). */
export function reportAddresses(dmarc: Pick<DmarcOptions, 'rua' | 'ruf'>): ReportAddress[] {
  const addresses: ReportAddress[] = [];
  addReportAddresses(addresses, 'rua', dmarc.rua);
  addReportAddresses(addresses, 'ruf', dmarc.ruf);
  return addresses;
}

function addReportAddresses(addresses: ReportAddress[], list: 'rua' | 'ruf', uris: unknown): void {
  if (!Array.isArray(uris)) return;
  for (let index = 0; index < uris.length; index++) {
    const reportDomain = reportUriDomain(uris[index]);
    if (reportDomain !== undefined) addresses.push({ list, index, reportDomain });
  }
}

/**
 * The domain `checkReportUri` gives a report URI, or undefined when it refuses it. A URI as people write them
 * (`mailto:dmarc@example.org`: a plain lowercase mailbox name and mail domain, no size, no spaces) is one that
 * `checkReportUri` accepts, and its domain is what follows the `@`: one regular expression instead of the full check
 * and its objects (the builder has checked and reported every URI already). Anything else takes the full check.
 */
export function reportUriDomain(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  // PLAIN_MAILTO (the builder's quick path) is a subset of what checkReportUri accepts, domain already normalised.
  if (PLAIN_MAILTO.test(uri)) return uri.slice(uri.indexOf('@') + 1);
  return checkReportUri(uri).value?.domain;
}

/**
 * Whether some report address of `rua` or `ruf` may lie outside `domain` (normalised), without building any: the
 * planner asks this of every institution, and most send their reports to their own domain. A URI that ends in
 * `@<domain>` is either refused by `checkReportUri` or has exactly `domain` as its domain (a domain holds no `@` or
 * `!`, so nothing else of the URI can be its domain or size): neither is an address elsewhere.
 */
export function mayReportElsewhere(dmarc: Pick<DmarcOptions, 'rua' | 'ruf'>, domain: string): boolean {
  // The two lists by index rather than an iterator over them, and in one function: the planner asks this of every
  // institution, and V8 would compile each function it runs that often.
  for (let l = 0; l < 2; l++) {
    const uris: unknown = l === 0 ? dmarc.rua : dmarc.ruf;
    if (!Array.isArray(uris)) continue;
    for (let index = 0; index < uris.length; index++) {
      const uri: unknown = uris[index];
      if (typeof uri !== 'string') continue;
      const at = uri.length - domain.length - 1;
      if (!(at > 0 && uri.charCodeAt(at) === 0x40 && uri.endsWith(domain))) return true;
    }
  }
  return false;
}

/**
 * For code that publishes one domain's records on its own (the constructs, `planEmailAuth`): warns, at each report
 * address that needs it, that the report domain must publish the authorisation record; the tree walk knows only the
 * domain's own DMARC record. The config's planner (`report-authorization-plan.ts`) does this across institutions
 * instead, and publishes the records it can.
 */
export function warnReportAuthorizations(domain: string, dmarc: Pick<DmarcOptions, 'rua' | 'ruf'>, dmarcRecord: string, problems: Problems): void {
  const addresses = reportAddresses(dmarc).filter((a) => a.reportDomain !== domain);
  if (addresses.length === 0) return;
  const own = psdOf(dmarcRecord);
  for (const a of addresses) {
    const need = reportAuthorizationNeed(domain, a.reportDomain, (name) => (name === domain ? own : undefined));
    if (need) problems.at(a.list).at(a.index).warn(need.reason);
  }
}

/**
 * The authorisation records to publish in one zone: one TXT `v=DMARC1` per pair, with the zone's TTL. A name longer
 * than DNS allows or a pair listed twice is an error (the config's planner never gives either); so is a report domain
 * outside `zone` when the zone's name is known.
 */
export function reportAuthorizationRecords(authorizations: readonly ReportAuthorization[], ttl: number, problems: Problems, zone?: string): TxtRecord[] {
  // A set of names only for two or more (the config's planner gives most zones one record); a problem path only for
  // a problem.
  const seen = authorizations.length > 1 ? new Set<string>() : undefined;
  const records: TxtRecord[] = [];
  for (let i = 0; i < authorizations.length; i++) {
    const a = authorizations[i]!;
    const name = reportAuthorizationName(a.domain, a.reportDomain);
    if (name.length > MAX_NAME_LENGTH) problems.at(i).error(`${show(name)} has ${name.length} characters, DNS allows ${MAX_NAME_LENGTH} (RFC 1035)`);
    else if (zone !== undefined && !isWithinZone(a.reportDomain, zone)) problems.at(i).error(`report domain ${show(a.reportDomain)} is not inside zone ${show(zone)}`);
    else if (seen?.has(name)) problems.at(i).error(`${show(name)} is listed twice`);
    else {
      seen?.add(name);
      records.push({ key: flatText(reportAuthorizationKey(a)), purpose: REPORT_AUTHORIZATION_PURPOSE, type: 'TXT', name: flatText(name), ttl, values: REPORT_AUTHORIZATION_VALUES, kept: NO_KEPT });
    }
  }
  return records;
}

/** Checks a TTL as {@link planEmailAuth} does: a whole number of seconds the provider accepts. */
export function checkTtl(ttl: number, rule: TtlRule, problems: Problems): boolean {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) {
    problems.error(`must be a whole number of seconds from 0 to 2147483647, got ${show(ttl)}`);
    return false;
  }
  const why = rule.check(ttl);
  if (why) problems.error(`${why}, got ${show(ttl)}`);
  return why === undefined;
}
