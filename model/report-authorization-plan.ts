/**
 * Which zone of a config publishes each DMARC report authorisation record, derived from the config alone, so that
 * every plan gives the same answer and retiring an institution takes its authorisations out of every stack.
 *
 * For each report address of each institution that is not retired, in a domain that must authorise the reports
 * (`reportAuthorizationNeed`: by the Public Suffix List, or by the RFC 9989 tree walk over the DMARC records the config
 * publishes), the record `<domain>._report._dmarc.<report-domain>` TXT `v=DMARC1` goes to:
 * 1. the `reportAuthorizations` entry (a collector's zone) whose `reportDomain` it is; else
 * 2. the institution whose zone holds the report domain: the most specific zone (a delegated subzone holds its names,
 *    not its parent), then the institution whose own domain it is, then the sender itself, then the lowest code. A
 *    zone given by `zoneName` holds every name in it; one given by `zoneId` is known to hold the institution's domain
 *    and what lies below it.
 * Retired institutions host what they hosted (so `retired: forget` forgets those records too), but authorise nothing:
 * `retired: true` takes the records out, `retired: forget` marks them to be forgotten. When no zone of the config
 * holds the report domain, or `dmarc.publishReportAuthorization` is false, the warning stays.
 */
import { DmarcOptions } from './dmarc';
import type { DmarcRecord } from './dmarc-record';
import { MAX_NAME_LENGTH } from './names';
import { Problems } from './problems';
import {
  KnownDmarcRecords,
  knownOrganizationalDomain,
  mayReportElsewhere,
  psdOf,
  ReportAddress,
  ReportAuthorization,
  ReportAuthorizationNeed,
  reportAddresses,
  reportAuthorizationNeed,
} from './report-authorization';

/** What the planner needs of one institution. */
export interface AuthorizingInstitution {
  readonly code: string;
  /** Normalised. */
  readonly domain: string;
  /** Normalised, when the zone is given by name. */
  readonly zoneName?: string;
  readonly retired?: boolean | 'forget';
  /** `dmarc.publishReportAuthorization`. @default true */
  readonly publish?: boolean;
  readonly dmarc: Pick<DmarcOptions, 'rua' | 'ruf'>;
  /** The DMARC record the institution publishes. */
  readonly dmarcRecord: string;
}

/** A `reportAuthorizations` entry: a zone that holds `reportDomain` (normalised) and publishes authorisations for it. */
export interface AuthorizingCollector {
  readonly reportDomain: string;
}

/** One record a stack publishes: which institution it authorises, and whether the stack forgets it instead. */
export interface HostedAuthorization extends ReportAuthorization {
  /** Index of the institution the record authorises (`institutions[sender]`). */
  readonly sender: number;
  /** The sender is retired with `forget`: the stack stops managing the record and leaves it in DNS. */
  readonly forget: boolean;
}

export interface ReportAuthorizationPlan {
  /** By institution index: the records its zone publishes (for itself or for others). */
  readonly institutions: readonly (readonly HostedAuthorization[])[];
  /** By `reportAuthorizations` index. */
  readonly collectors: readonly (readonly HostedAuthorization[])[];
}

/**
 * Plans the authorisation records of a config and warns, at each report address that needs one no stack publishes,
 * why (paths `institutions[i].dmarc.rua[j]`, `reportAuthorizations[k]`, under `problems`).
 */
export function planReportAuthorizations(institutions: readonly AuthorizingInstitution[], collectors: readonly AuthorizingCollector[], problems: Problems): ReportAuthorizationPlan {
  const hosted: HostedAuthorization[][] = institutions.map(() => []);
  const collected: HostedAuthorization[][] = collectors.map(() => []);
  const known = knownRecords(institutions);
  const orgs = new Map<string, string>();
  const orgOf = (domain: string) => orgs.get(domain) ?? orgs.set(domain, knownOrganizationalDomain(domain, known)).get(domain)!;
  const hostOf = zoneIndex(institutions);
  const collectorOf = new Map(collectors.map((c, k) => [c.reportDomain, k]));

  // Where the record of a sender for a report domain goes; or, when it goes nowhere or to a retired zone, the advice
  // its warning adds.
  const place = (i: number, forget: boolean, reportDomain: string, need: ReportAuthorizationNeed): string | undefined => {
    if (institutions[i]!.publish === false) return 'dmarc.publishReportAuthorization is false, so this config does not publish it';
    if (need.name.length > MAX_NAME_LENGTH) {
      return `but that name has ${need.name.length} characters, more than the ${MAX_NAME_LENGTH} DNS allows: no receiver can be authorised to send reports there; use a report address in your own domain`;
    }
    const authorization: HostedAuthorization = { domain: institutions[i]!.domain, reportDomain, sender: i, forget };
    const collector = collectorOf.get(reportDomain);
    if (collector !== undefined) {
      collected[collector]!.push(authorization);
      return undefined;
    }
    const host = hostOf(reportDomain, i);
    if (host === undefined) return `no zone of this config holds ${reportDomain}: list it under reportAuthorizations (with its zone) to publish the record from here`;
    hosted[host]!.push(authorization);
    if (!institutions[host]!.retired) return undefined;
    return `the zone that holds ${reportDomain} is that of institution ${institutions[host]!.code}, which is retired: its records, this one too, are no longer managed`;
  };

  for (let i = 0; i < institutions.length; i++) {
    const sender = institutions[i]!;
    // Most institutions send their reports to their own domain: those cost a look at the end of each URI.
    if (sender.retired === true || !mayReportElsewhere(sender.dmarc, sender.domain)) continue;
    const forget = sender.retired === 'forget';
    const addresses = reportAddresses(sender.dmarc);
    // Each report domain once, where its first address is; its warning then goes to each of its addresses in turn.
    for (let k = 0; k < addresses.length; k++) {
      const reportDomain = addresses[k]!.reportDomain;
      if (reportDomain === sender.domain || listedBefore(addresses, k)) continue;
      const need = reportAuthorizationNeed(sender.domain, reportDomain, known, orgOf);
      if (!need) continue;
      const advice = place(i, forget, reportDomain, need);
      if (advice === undefined || forget) continue;
      for (let j = k; j < addresses.length; j++) {
        const a = addresses[j]!;
        if (a.reportDomain === reportDomain) problems.at('institutions').at(i).at('dmarc').at(a.list).at(a.index).warn(`${need.reason}; ${advice}`);
      }
    }
  }

  collectors.forEach((c, k) => {
    if (!collected[k]!.some((a) => !a.forget)) {
      problems.at('reportAuthorizations').at(k).warn(`no report address of the config in ${c.reportDomain} needs an authorisation record: this stack publishes none`);
    }
  });
  return { institutions: hosted, collectors: collected };
}

/**
 * Whether an address before `addresses[k]` has its report domain. Quadratic in the addresses of one institution, as
 * the DMARC builder's check for a URI listed twice is; without a map for the one report domain most have.
 */
function listedBefore(addresses: readonly ReportAddress[], k: number): boolean {
  for (let j = 0; j < k; j++) if (addresses[j]!.reportDomain === addresses[k]!.reportDomain) return true;
  return false;
}

/**
 * The DMARC records receivers find at the config's domains: those of institutions that are not retired, and those of
 * `retired: forget` ones (they stay in DNS). Read once each, when a tree walk first asks for them.
 */
function knownRecords(institutions: readonly AuthorizingInstitution[]): KnownDmarcRecords {
  // Indexed when a walk first asks (a config whose reports all go to the senders' own domains walks nothing).
  let text: Map<string, string> | undefined;
  const read = new Map<string, Pick<DmarcRecord, 'psd'>>();
  return (domain) => {
    text ??= dmarcRecordsByDomain(institutions);
    const record = text.get(domain);
    if (record === undefined) return undefined;
    let psd = read.get(domain);
    if (psd === undefined) read.set(domain, (psd = psdOf(record)));
    return psd;
  };
}

function dmarcRecordsByDomain(institutions: readonly AuthorizingInstitution[]): Map<string, string> {
  const text = new Map<string, string>();
  for (const inst of institutions) if (inst.retired !== true) text.set(inst.domain, inst.dmarcRecord);
  return text;
}

/**
 * The institution whose zone publishes an authorisation in `reportDomain`, or undefined: the most specific zone that
 * holds it, then the institution whose own domain it is, then the sender, then the lowest code (codes are unique).
 * The zones are indexed by name once, so a lookup costs one map probe per label of the report domain, whatever the
 * size of the config.
 */
function zoneIndex(institutions: readonly AuthorizingInstitution[]): (reportDomain: string, sender: number) => number | undefined {
  // Indexed at the first lookup, like knownRecords.
  let byZone: Map<string, number[]> | undefined;
  // The report domain, then each name after one of its dots: by offsets, not labels split and joined at each step.
  return (reportDomain, sender) => {
    byZone ??= institutionsByZone(institutions);
    for (let at = 0; at !== -1; at = nextSuffix(reportDomain, at)) {
      const candidates = byZone.get(at === 0 ? reportDomain : reportDomain.slice(at));
      if (!candidates) continue;
      let best = candidates[0]!;
      for (let k = 1; k < candidates.length; k++) if (ranksAbove(institutions, candidates[k]!, best, reportDomain, sender)) best = candidates[k]!;
      return best;
    }
    return undefined;
  };
}

function institutionsByZone(institutions: readonly AuthorizingInstitution[]): Map<string, number[]> {
  const byZone = new Map<string, number[]>();
  institutions.forEach((inst, index) => {
    const base = inst.zoneName ?? inst.domain;
    const list = byZone.get(base);
    if (list) list.push(index);
    else byZone.set(base, [index]);
  });
  return byZone;
}

/** Where the name after the next dot from `at` starts in `name`, or -1 when there is no dot left. */
function nextSuffix(name: string, at: number): number {
  const dot = name.indexOf('.', at);
  return dot === -1 ? -1 : dot + 1;
}

/** Between two institutions whose zones hold the report domain: the one whose own domain it is, then the sender, then the lowest code. */
function ranksAbove(institutions: readonly AuthorizingInstitution[], index: number, best: number, reportDomain: string, sender: number): boolean {
  const a = institutions[index]!;
  const b = institutions[best]!;
  const ownA = a.domain === reportDomain;
  if (ownA !== (b.domain === reportDomain)) return ownA;
  if ((index === sender) !== (best === sender)) return index === sender;
  return a.code < b.code;
}
