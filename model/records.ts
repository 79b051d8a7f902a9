import { buildDmarc, DmarcOptions, isDmarcRecord } from './dmarc';
import { DkimCname, dkimCnames, normalizeCode, validateCode, validateProfile } from './dkim';
import { buildMx, MxValue } from './mx';
import { flatText } from './flat-text';
import { fqdn, isPlainHostname, MAX_NAME_LENGTH, normalizeDomain, validateHostname } from './names';
import { EmailAuthValidationError, Problem, Problems, show } from './problems';
import { SECUTIX_PROFILE, SenderProfile } from './sender-profile';
import { buildSpf, isSpfRecord, SpfOptions } from './spf';
import { checkTtl, warnReportAuthorizations } from './report-authorization';
import { TXT_ANSWER_MAX_OCTETS, TXT_ANSWER_WARN_OCTETS, txtAnswerOctets, txtRecordOctets, validateTxtText } from './txt';

/** What a record is for; `check` and the PR summary group and flag by it. */
export const RECORD_PURPOSES = ['spf', 'dkim', 'dmarc', 'mx'] as const;
export type RecordPurpose = (typeof RECORD_PURPOSES)[number];

export interface RecordBase {
  /** Stable identifier within one stack (`spf`, `dkim-stxsel1`, `dmarc`, `mx`; `<domain>__<report-domain>` for a report authorisation): the resource's construct id. */
  readonly key: string;
  /** Fully qualified, lowercase, without trailing dot. */
  readonly name: string;
  readonly ttl: number;
  /** An institution's own record, or a DMARC report authorisation a zone publishes for a sender (`report-auth`). */
  readonly purpose: RecordPurpose | 'report-auth';
}

export interface TxtRecord extends RecordBase {
  readonly type: 'TXT';
  /** The values this library manages, as logical text (providers split them into ≤255-octet strings). */
  readonly values: readonly string[];
  /**
   * Values that already exist at this name and must stay (`keepTxt`). A provider that writes whole record sets
   * (Route53) publishes them with {@link TxtRecord.values}; one that writes single records (Cloudflare) leaves them alone.
   */
  readonly kept: readonly string[];
}

export interface CnameRecord extends RecordBase {
  readonly type: 'CNAME';
  /** The one target, FQDN without trailing dot. */
  readonly values: readonly [string];
}

export interface MxRecord extends RecordBase {
  readonly type: 'MX';
  readonly values: readonly MxValue[];
}

/** One record set (name + type) in the neutral model. */
export type DnsRecord = TxtRecord | CnameRecord | MxRecord;

export interface EmailAuthOptions {
  /** The domain of the sender address configured in the sales channel, e.g. `mosamuseum.com`. */
  readonly domain: string;
  /** The institution code the platform knows the institution by; part of the DKIM target names. */
  readonly code: string;
  /** @default - only the platform include, ending in `~all` */
  readonly spf?: SpfOptions;
  /** @default - `v=DMARC1; p=none` */
  readonly dmarc?: DmarcOptions;
  /** @default - no MX record is managed */
  readonly mx?: readonly MxValue[];
  /**
   * Other TXT values at the domain that must survive (site verifications...). Not SPF or DMARC records: those are
   * managed here. @default []
   */
  readonly keepTxt?: readonly string[];
  /** Seconds. @default - the provider's default (Route53: 3600, Cloudflare: 1 = automatic) */
  readonly ttl?: number;
  /** @default SECUTIX_PROFILE */
  readonly senderProfile?: SenderProfile;
}

/** What a provider allows as TTL, and what it uses when none is given. */
export interface TtlRule {
  readonly default: number;
  /** Returns why `ttl` is not accepted, or undefined. Called for integers 0 – 2^31-1 only (RFC 2181 §8). */
  check(ttl: number): string | undefined;
}

export const ANY_TTL: TtlRule = { default: 3600, check: () => undefined };

export const KEEP_TXT_MAX_LENGTH = 2048;

/**
 * Validates the options and builds the record sets, reporting every problem into `problems` (paths relative to the
 * options: `spf.mechanisms[1]`, `dmarc.rua[0]`...). Returns an empty list when there are errors. A report address
 * in a domain that must authorise the reports warns, judged from this domain's records alone (RFC 9989 tree walk and
 * Public Suffix List: report-authorization.ts).
 */
export function planEmailAuth(options: EmailAuthOptions, problems: Problems, ttlRule: TtlRule = ANY_TTL): DnsRecord[] {
  return planRecords(options, problems, ttlRule, 'alone');
}

/**
 * {@link planEmailAuth}, for the config loader: `reportAuthorization: 'config'` leaves report authorisation to the
 * config's planner, which judges it across the institutions and publishes what it can (report-authorization-plan.ts).
 */
export function planInstitutionRecords(options: EmailAuthOptions, problems: Problems, ttlRule: TtlRule): DnsRecord[] {
  return planRecords(options, problems, ttlRule, 'config');
}

function planRecords(options: EmailAuthOptions, problems: Problems, ttlRule: TtlRule, reportAuthorization: 'alone' | 'config'): DnsRecord[] {
  const before = problems.errorCount;
  const profile = options.senderProfile ?? SECUTIX_PROFILE;
  if (options.senderProfile) validateProfile(profile, problems.at('senderProfile'));
  const domain = normalizeDomain(options.domain);
  const code = normalizeCode(options.code);
  // The usual plain names skip the views the checks report into (problems.at makes one each time).
  const domainValid = isPlainHostname(domain) || validateHostname(domain, problems.at('domain'));
  const codeValid = validateCode(code, profile, problems.at('code'));
  const cnames = dkimCnames(domain, code, profile);
  if (domainValid && codeValid) checkDerivedNames(domain, cnames, problems);
  const ttl = options.ttl ?? ttlRule.default;
  checkTtl(ttl, ttlRule, problems.at('ttl'));
  const spf = buildSpf(options.spf ?? {}, profile, problems.at('spf'));
  const dmarc = buildDmarc(options.dmarc ?? {}, problems.at('dmarc'));
  const mx = options.mx && options.mx.length > 0 ? buildMx(options.mx, problems.at('mx')) : [];
  const kept = options.keepTxt && options.keepTxt.length > 0 ? checkKeepTxt(options.keepTxt, problems.at('keepTxt')) : NO_VALUES;
  if (problems.errorCount > before || !spf || !dmarc || !mx) return [];
  if (reportAuthorization === 'alone') warnReportAuthorizations(domain, options.dmarc ?? {}, dmarc, problems.at('dmarc'));
  checkApexTxtSet(domain, spf, kept, problems);
  if (problems.errorCount > before) return [];
  // The record sets, in the order stacks and summaries show them: SPF, the DKIM CNAMEs, DMARC, then MX. Built here
  // rather than by a function of their own, which V8 compiled twice at 5,000 institutions (on its own, and inlined
  // here). Names and values flat (flatText): the records live as long as the run. The list is made at its length (a
  // list grown by push holds at least 17 slots, which every garbage collection copies).
  const records = new Array<DnsRecord>(cnames.length + (mx.length > 0 ? 3 : 2));
  records[0] = { key: 'spf', purpose: 'spf', type: 'TXT', name: domain, ttl, values: [flatText(spf)], kept };
  for (let i = 0; i < cnames.length; i++) {
    const cname = cnames[i]!;
    records[i + 1] = { key: dkimRecordKey(cname.selector), purpose: 'dkim', type: 'CNAME', name: flatText(cname.name), ttl, values: [flatText(cname.target)] } satisfies CnameRecord;
  }
  records[cnames.length + 1] = { key: 'dmarc', purpose: 'dmarc', type: 'TXT', name: flatText(fqdn('_dmarc', domain)), ttl, values: [flatText(dmarc)], kept: NO_VALUES };
  if (mx.length > 0) records[cnames.length + 2] = { key: 'mx', purpose: 'mx', type: 'MX', name: domain, ttl, values: mx };
  return records;
}

/** `dkim-<selector>`, made once per selector rather than once per institution (for the first {@link DKIM_KEYS_KEPT} selectors met). */
const dkimRecordKeys = new Map<string, string>();
const DKIM_KEYS_KEPT = 64;
function dkimRecordKey(selector: string): string {
  let key = dkimRecordKeys.get(selector);
  if (key === undefined) {
    key = `dkim-${selector}`;
    if (dkimRecordKeys.size < DKIM_KEYS_KEPT) dkimRecordKeys.set(selector, key);
  }
  return key;
}

/** The `kept` of records that keep nothing: one shared empty list (records are read-only). */
export const NO_VALUES: readonly string[] = Object.freeze([]);

/** {@link planEmailAuth} for code: throws {@link EmailAuthValidationError} listing every error. */
export function emailAuthRecords(options: EmailAuthOptions, ttlRule?: TtlRule): { records: DnsRecord[]; warnings: readonly Problem[] } {
  const problems = new Problems();
  const records = planEmailAuth(options, problems, ttlRule);
  if (problems.hasErrors) throw new EmailAuthValidationError(problems.all);
  return { records, warnings: problems.warnings };
}

/**
 * The names built from the domain and the code must be DNS names too: `stxsel1._domainkey.<domain>` and
 * `_dmarc.<domain>` are longer than the domain, and the platform's DKIM target is built from the code.
 */
function checkDerivedNames(domain: string, cnames: readonly DkimCname[], problems: Problems): void {
  // Loops, not find and map: this runs for every institution.
  let tooLong: string | undefined;
  for (let i = 0; i < cnames.length && tooLong === undefined; i++) if (cnames[i]!.name.length > MAX_NAME_LENGTH) tooLong = cnames[i]!.name;
  if (tooLong === undefined) {
    const dmarcName = fqdn('_dmarc', domain);
    if (dmarcName.length > MAX_NAME_LENGTH) tooLong = dmarcName;
  }
  if (tooLong) problems.at('domain').error(`is too long for the records built from it: ${show(tooLong)} would have ${tooLong.length} characters, DNS allows ${MAX_NAME_LENGTH} (RFC 1035)`);
  let target: string | undefined;
  for (let i = 0; i < cnames.length && target === undefined; i++) if (cnames[i]!.target.length > MAX_NAME_LENGTH) target = cnames[i]!.target;
  if (target) problems.at('code').error(`is too long for the DKIM target built from it: ${show(target)} would have ${target.length} characters, DNS allows ${MAX_NAME_LENGTH} (RFC 1035)`);
}

/**
 * The apex TXT set (the SPF record and the kept values) is one DNS answer, which every receiver fetches to find the
 * SPF record: above {@link TXT_ANSWER_MAX_OCTETS} it no longer fits the largest UDP answer resolvers commonly accept,
 * and a receiver that does not retry over TCP fails SPF; above {@link TXT_ANSWER_WARN_OCTETS} it needs TCP or
 * fragmented UDP.
 */
function checkApexTxtSet(domain: string, spf: string, kept: readonly string[], institution: Problems): void {
  const octets = txtAnswerOctets(domain, kept) + txtRecordOctets(spf);
  if (octets <= TXT_ANSWER_WARN_OCTETS) return;
  const problems = institution.at(kept.length > 0 ? 'keepTxt' : 'spf');
  const what = `the TXT record set at ${domain} (the SPF record and ${kept.length} keepTxt value${kept.length === 1 ? '' : 's'}) makes a DNS answer of ${octets} octets`;
  if (octets > TXT_ANSWER_MAX_OCTETS) {
    problems.error(`${what}; at most ${TXT_ANSWER_MAX_OCTETS} fit the largest UDP answer resolvers accept (beyond it, receivers that do not retry over TCP fail SPF): drop values that are no longer needed`);
  } else if (octets > TXT_ANSWER_WARN_OCTETS) {
    problems.warn(`${what}, more than the ${TXT_ANSWER_WARN_OCTETS} of an unfragmented UDP answer (DNS Flag Day 2020): resolvers retry over TCP, and a receiver that cannot fails SPF`);
  }
}

function checkKeepTxt(values: readonly string[], problems: Problems): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const at = problems.at(i);
    if (isSpfRecord(value)) at.error('is an SPF record; SPF is managed here: move its terms to spf.mechanisms (two SPF records break all mail, RFC 7208 §4.5)');
    else if (isDmarcRecord(value)) at.error('is a DMARC record; DMARC is managed here through the dmarc options');
    else if (value.length > KEEP_TXT_MAX_LENGTH) at.error(`must be at most ${KEEP_TXT_MAX_LENGTH} characters, has ${value.length}`);
    else if (value.length === 0) at.error('must not be empty');
    else if (validateTxtText(value, at) && seen.has(value)) at.error(`${show(value)} is listed twice`);
    seen.add(value);
  }
  return values.slice();
}
