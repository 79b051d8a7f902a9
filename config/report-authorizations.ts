import { normalizeDomain, validateHostname } from '../model/names';
import { Problems, show } from '../model/problems';
import { checkPlacement, PROVIDER_RULES, ProviderName, ZonePlacement } from '../model/providers';
import { AuthorizingInstitution, HostedAuthorization, planReportAuthorizations } from '../model/report-authorization-plan';
import { checkTtl, reportAuthorizationRecords } from '../model/report-authorization';
import type { TxtRecord } from '../model/records';
import type { InstitutionConfig } from './load';
import type { ReportCollectorEntry } from './schema';
import type { ShapedList } from './shapes';

/** A `reportAuthorizations` entry after every check, with the records its stack publishes. */
export interface ReportCollectorConfig extends ZonePlacement {
  readonly name: string;
  /** Normalised. */
  readonly reportDomain: string;
  readonly provider: ProviderName;
  readonly ttl?: number;
  readonly aws?: { readonly region?: string; readonly profile?: string; readonly assumeRoleArn?: string };
  readonly protect?: boolean;
  readonly allowOverwrite?: boolean;
  /** The institutions it authorises: one record each. */
  readonly authorizations: readonly HostedAuthorization[];
  readonly records: readonly TxtRecord[];
}

/** The code a collector's stack goes by (`email-auth-reports-<name>`, state `<keyPrefix>reports-<name>.tfstate`). */
export function reportCollectorCode(name: string): string {
  return `reports-${name}`;
}

/** Each `reportAuthorizations` entry: its shape, its zone, its TTL; then names and report domains unique. */
export function checkReportCollectors(list: ShapedList<ReportCollectorEntry>, problems: Problems): ReportCollectorEntry[] | undefined {
  const before = problems.errorCount;
  const entries: ReportCollectorEntry[] = [];
  for (let k = 0; k < list.count; k++) {
    const at = problems.at(k);
    const entry = list.entry(k, at);
    if (!entry) continue;
    const reportDomain = normalizeDomain(entry.reportDomain);
    const rules = PROVIDER_RULES[entry.provider];
    if (validateHostname(reportDomain, at.at('reportDomain'), 'reportDomain')) checkPlacement(entry, reportDomain, rules, at, undefined, 'reportDomain');
    if (entry.ttl !== undefined) checkTtl(entry.ttl, rules.ttl, at.at('ttl'));
    if (entry.provider !== 'route53') {
      if (entry.aws !== undefined) at.at('aws').error('applies to provider route53 only');
      if (entry.allowOverwrite !== undefined) at.at('allowOverwrite').error('applies to provider route53 only (Cloudflare records are single values, nothing is overwritten)');
    }
    entries.push({ ...entry, reportDomain });
  }
  const byName = new Map<string, number>();
  const byDomain = new Map<string, number>();
  entries.forEach((entry, k) => {
    const [sameName, sameDomain] = [byName.get(entry.name), byDomain.get(entry.reportDomain)];
    if (sameName !== undefined) problems.at(k).at('name').error(`${show(entry.name)} is also the name of reportAuthorizations[${sameName}]; names name the stacks and must be unique`);
    if (sameDomain !== undefined) problems.at(k).at('reportDomain').error(`${show(entry.reportDomain)} is also the reportDomain of reportAuthorizations[${sameDomain}]: one zone publishes a report domain's authorisations`);
    byName.set(entry.name, k);
    byDomain.set(entry.reportDomain, k);
  });
  return problems.errorCount > before || entries.length !== list.count ? undefined : entries;
}

/**
 * Plans the report authorisation records across the config (model/report-authorization-plan.ts) and gives each
 * institution the records its zone publishes, appended to its `records` (in place), and each collector its own. A
 * collector's stack name must not be an institution's.
 */
export function addReportAuthorizations(
  institutions: readonly InstitutionConfig[],
  entries: readonly ReportCollectorEntry[],
  problems: Problems,
): { institutions: readonly InstitutionConfig[]; collectors: ReportCollectorConfig[] } | undefined {
  if (entries.length > 0) {
    // Only a collector's stack can take an institution's name: no index of codes without one.
    const codes = new Map(institutions.map((inst, i) => [inst.code, i]));
    entries.forEach((entry, k) => {
      const clash = codes.get(reportCollectorCode(entry.name));
      if (clash !== undefined) problems.at('reportAuthorizations').at(k).at('name').error(`names the stack email-auth-${reportCollectorCode(entry.name)}, which is institutions[${clash}]'s (code ${show(institutions[clash]!.code)}): pick another name`);
    });
  }
  if (problems.hasErrors) return undefined;
  const senders: AuthorizingInstitution[] = new Array<AuthorizingInstitution>(institutions.length);
  // What the planner needs of each institution, in one shape for all (V8 then optimizes the planner's reads of it
  // once, whichever keys the institution's entry had). In this loop rather than a function of its own: it runs for
  // every institution, and V8 would compile that function besides this loop (measured: 9 M instructions at 5,000).
  for (let i = 0; i < institutions.length; i++) {
    const inst = institutions[i]!;
    const dmarc = inst.dmarc as { publishReportAuthorization?: boolean } | undefined;
    // The value of the institution's DMARC record, if it publishes one (as `records.find`, without a closure).
    const records = inst.records;
    let dmarcRecord: string | undefined;
    for (let r = 0; r < records.length; r++) {
      if (records[r]!.purpose === 'dmarc') {
        dmarcRecord = records[r]!.values[0] as string;
        break;
      }
    }
    senders[i] = {
      code: inst.code,
      domain: inst.domain,
      zoneName: inst.zoneName === undefined ? undefined : normalizeDomain(inst.zoneName),
      retired: inst.retired,
      publish: dmarc?.publishReportAuthorization,
      dmarc: dmarc ?? NO_DMARC,
      dmarcRecord: dmarcRecord as string,
    };
  }
  const plan = planReportAuthorizations(senders, entries, problems);
  const at = problems.at('institutions');
  for (let i = 0; i < institutions.length; i++) {
    const hosted = plan.institutions[i]!;
    if (hosted.length > 0) addHosted(institutions[i]!, hosted, at.at(i));
  }
  const collectors = entries.map((entry, k): ReportCollectorConfig => {
    const authorizations = plan.collectors[k]!;
    const ttl = entry.ttl ?? PROVIDER_RULES[entry.provider].ttl.default;
    return { ...entry, authorizations, records: reportAuthorizationRecords(authorizations, ttl, problems.at('reportAuthorizations').at(k)) };
  });
  return { institutions, collectors };
}

/**
 * Gives the institution the authorisations its zone hosts, and their records after its own. In place: each
 * institution is its own object, made by validateShapes for this config and dropped when planning fails, so it gains
 * the two keys (`records` where it was, `reportAuthorizations` last) as a copy with Object.assign did, without copying
 * every key of half the institutions of a large config.
 */
function addHosted(inst: InstitutionConfig, hosted: readonly HostedAuthorization[], problems: Problems): void {
  const ttl = inst.ttl ?? PROVIDER_RULES[inst.provider].ttl.default;
  const planned = inst as { -readonly [K in keyof InstitutionConfig]: InstitutionConfig[K] };
  planned.reportAuthorizations = hosted;
  planned.records = inst.records.concat(reportAuthorizationRecords(hosted, ttl, problems));
}

const NO_DMARC = {};
