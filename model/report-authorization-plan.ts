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
import { DmarcOptions, needsReportAuthorization } from './dmarc';
import type { DmarcRecord } from './dmarc-record';
import { MAX_NAME_LENGTH } from './names';
import { Problems } from './problems';
import {
  KnownDmarcRecords,
  knownOrganizationalDomain,
  mayReportElsewhere,
  psdOf,
  recordOnWalk,
  ReportAuthorization,
  reportAddresses,
  reportAuthorizationNeed,
  reportUriDomain,
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
  return new Planner(institutions, collectors, problems).plan();
}

/** What every zone that hosts no record gets (the plan is read-only). */
const NONE: HostedAuthorization[] = Object.freeze([]) as unknown as HostedAuthorization[];

/** `._report._dmarc.`, between the two domains of an authorisation record's name (reportAuthorizationName). */
const REPORT_NAME_INFIX_LENGTH = '._report._dmarc.'.length;

/**
 * The plan as it is made, sender by sender. The zones and the DMARC records of the config are indexed when a sender
 * first needs them (a config whose reports all go to the senders' own domains indexes nothing).
 */
class Planner {
  /** By institution: the records its zone hosts, a list only for the zones that host one. */
  private readonly hosted: HostedAuthorization[][];
  private readonly collected: HostedAuthorization[][];
  private readonly collectorOf: Map<string, number> | undefined;
  private index: ConfigIndex | undefined = undefined;

  constructor(
    private readonly institutions: readonly AuthorizingInstitution[],
    private readonly collectors: readonly AuthorizingCollector[],
    private readonly problems: Problems,
  ) {
    this.hosted = new Array<HostedAuthorization[]>(institutions.length);
    this.collected = collectors.map(() => []);
    this.collectorOf = collectors.length === 0 ? undefined : new Map(collectors.map((c, k) => [c.reportDomain, k]));
  }

  /**
   * Each report domain of `institutions[i]` once, where its first address is (`rua`, then `ruf`); its warning then
   * goes to each of its addresses in turn. The addresses are read in place rather than collected (reportAddresses):
   * most senders have one, and this runs for every sender of the config.
   */
  sender(i: number): void {
    const sender = this.institutions[i]!;
    const domain = sender.domain;
    const dmarc = sender.dmarc;
    const index = (this.index ??= configIndex(this.institutions));
    // The sender's organizational domain by the tree walk over the config's records, once a report domain asks.
    let org: string | undefined;
    for (let l = 0; l < 2; l++) {
      const list = l === 0 ? 'rua' : 'ruf';
      const uris: unknown = dmarc[list];
      if (!Array.isArray(uris)) continue;
      for (let u = 0; u < uris.length; u++) {
        const reportDomain = reportUriDomain(uris[u]);
        if (reportDomain === undefined || reportDomain === domain || ((l > 0 || u > 0) && listedBefore(dmarc, list, u, reportDomain))) continue;
        // Whether reportAuthorizationNeed gives a need, without writing it: walking from the sender once, and from
        // neither when no record lies on the report domain's walk (recordOnWalk).
        if (!needsReportAuthorization(domain, reportDomain) && recordOnWalk(reportDomain, index.records)) {
          org ??= knownOrganizationalDomain(domain, index.known);
          if (org === knownOrganizationalDomain(reportDomain, index.known)) continue;
        }
        const advice = this.place(i, reportDomain);
        if (advice === undefined || sender.retired === 'forget') continue;
        this.warn(i, list, u, reportDomain, advice);
      }
    }
  }

  /** At the address `dmarc[list][u]` of `institutions[i]` and each later one in `reportDomain`: why it needs the record, and `advice`. */
  private warn(i: number, list: 'rua' | 'ruf', u: number, reportDomain: string, advice: string): void {
    const sender = this.institutions[i]!;
    // The reason (its text needs the Public Suffix List) only for a warning.
    const reason = reportAuthorizationNeed(sender.domain, reportDomain, this.index!.known)!.reason;
    const addresses = reportAddresses(sender.dmarc);
    let k = 0;
    while (addresses[k]!.list !== list || addresses[k]!.index !== u) k++;
    for (; k < addresses.length; k++) {
      const a = addresses[k]!;
      if (a.reportDomain === reportDomain) this.problems.at('institutions').at(i).at('dmarc').at(a.list).at(a.index).warn(`${reason}; ${advice}`);
    }
  }

  /** Where the record of `institutions[i]` for `reportDomain` goes; or, when it goes nowhere or to a retired zone, the advice its warning adds. */
  private place(i: number, reportDomain: string): string | undefined {
    const sender = this.institutions[i]!;
    if (sender.publish === false) return 'dmarc.publishReportAuthorization is false, so this config does not publish it';
    // The length of reportAuthorizationName(domain, reportDomain), without writing the name.
    const nameLength = sender.domain.length + REPORT_NAME_INFIX_LENGTH + reportDomain.length;
    if (nameLength > MAX_NAME_LENGTH) {
      return `but that name has ${nameLength} characters, more than the ${MAX_NAME_LENGTH} DNS allows: no receiver can be authorised to send reports there; use a report address in your own domain`;
    }
    const authorization: HostedAuthorization = { domain: sender.domain, reportDomain, sender: i, forget: sender.retired === 'forget' };
    const collector = this.collectorOf?.get(reportDomain);
    if (collector !== undefined) {
      this.collected[collector]!.push(authorization);
      return undefined;
    }
    const host = zoneHolding(this.institutions, this.index!.zones, reportDomain, i);
    if (host === -1) return `no zone of this config holds ${reportDomain}: list it under reportAuthorizations (with its zone) to publish the record from here`;
    const list = this.hosted[host];
    if (list === undefined) this.hosted[host] = [authorization];
    else list.push(authorization);
    const zone = this.institutions[host]!;
    if (!zone.retired) return undefined;
    return `the zone that holds ${reportDomain} is that of institution ${zone.code}, which is retired: its records, this one too, are no longer managed`;
  }

  plan(): ReportAuthorizationPlan {
    const institutions = this.institutions;
    for (let i = 0; i < institutions.length; i++) {
      const sender = institutions[i]!;
      // Most institutions send their reports to their own domain: those cost a look at the end of each URI.
      if (sender.retired !== true && mayReportElsewhere(sender.dmarc, sender.domain)) this.sender(i);
    }
    const hosted = this.hosted;
    for (let i = 0; i < hosted.length; i++) if (hosted[i] === undefined) hosted[i] = NONE;
    this.collectors.forEach((c, k) => {
      if (!this.collected[k]!.some((a) => !a.forget)) {
        this.problems.at('reportAuthorizations').at(k).warn(`no report address of the config in ${c.reportDomain} needs an authorisation record: this stack publishes none`);
      }
    });
    return { institutions: hosted, collectors: this.collected };
  }
}

/**
 * Whether a valid report address before `dmarc[list][u]` (`rua`, then `ruf`) is in `reportDomain`. Quadratic in the
 * addresses of one institution, as the DMARC builder's check for a URI listed twice is; asked only from the second
 * address on.
 */
function listedBefore(dmarc: AuthorizingInstitution['dmarc'], list: 'rua' | 'ruf', u: number, reportDomain: string): boolean {
  const rua: unknown = dmarc.rua;
  if (list === 'ruf' && Array.isArray(rua)) for (let j = 0; j < rua.length; j++) if (reportUriDomain(rua[j]) === reportDomain) return true;
  const uris = dmarc[list] as readonly unknown[];
  for (let j = 0; j < u; j++) if (reportUriDomain(uris[j]) === reportDomain) return true;
  return false;
}

/** The config's zones and DMARC records, indexed by name in one pass over the institutions. */
interface ConfigIndex {
  /**
   * The institutions by the name of their zone (`zoneName`, else the domain): an index for a zone of one (most), a
   * list for a zone several share.
   */
  readonly zones: Map<string, number | number[]>;
  /**
   * The DMARC records receivers find at the config's domains: those of institutions that are not retired, and those
   * of `retired: forget` ones (they stay in DNS).
   */
  readonly known: KnownDmarcRecords;
  /** By domain, the text of each record `known` gives, or what a walk read of it: a record is there when it has the domain. */
  readonly records: ReadonlyMap<string, unknown>;
}

function configIndex(institutions: readonly AuthorizingInstitution[]): ConfigIndex {
  const zones = new Map<string, number | number[]>();
  // The record's text, then what a walk reads of it (its psd), once a walk first asks (most domains are asked once, if at all).
  const records = new Map<string, string | Pick<DmarcRecord, 'psd'>>();
  for (let i = 0; i < institutions.length; i++) {
    const inst = institutions[i]!;
    const base = inst.zoneName ?? inst.domain;
    const zone = zones.get(base);
    if (zone === undefined) zones.set(base, i);
    else if (typeof zone === 'number') zones.set(base, [zone, i]);
    else zone.push(i);
    if (inst.retired !== true) records.set(inst.domain, inst.dmarcRecord);
  }
  const known: KnownDmarcRecords = (domain) => {
    const record = records.get(domain);
    if (typeof record !== 'string') return record;
    const read = psdOf(record);
    records.set(domain, read);
    return read;
  };
  return { zones, known, records };
}

/**
 * The institution whose zone publishes an authorisation record for `reportDomain`, or -1: the most specific zone that
 * holds it, then the institution whose own domain it is, then the sender, then the lowest code (codes are unique).
 * A lookup costs one map probe per label of the report domain, whatever the size of the config: the report domain,
 * then each name after one of its dots, by offsets rather than labels split and joined at each step.
 */
function zoneHolding(institutions: readonly AuthorizingInstitution[], zones: ConfigIndex['zones'], reportDomain: string, sender: number): number {
  for (let at = 0; at !== -1; at = nextSuffix(reportDomain, at)) {
    const candidates = zones.get(at === 0 ? reportDomain : reportDomain.slice(at));
    if (candidates === undefined) continue;
    if (typeof candidates === 'number') return candidates;
    let best = candidates[0]!;
    for (let k = 1; k < candidates.length; k++) if (ranksAbove(institutions, candidates[k]!, best, reportDomain, sender)) best = candidates[k]!;
    return best;
  }
  return -1;
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
