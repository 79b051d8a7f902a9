import { extname } from 'node:path';
import { DnsRecord, EmailAuthOptions, planInstitutionRecords, RecordPurpose } from '../model/records';
import { normalizeDomain } from '../model/names';
import { normalizeCode } from '../model/dkim';
import { Problem, Problems, show } from '../model/problems';
import { checkPlacement, PROVIDER_RULES, ProviderName, ZonePlacement } from '../model/providers';
import type { BackendConfig, PartialInstitution } from './schema';
import { compiledShapes } from './compiled-shapes';
import { addReportAuthorizations, checkReportCollectors, ReportCollectorConfig } from './report-authorizations';
import type { HostedAuthorization } from '../model/report-authorization-plan';
import { parseConfigText } from './parse-text';
import { readConfigText } from './read-text';
import { REQUIRED_INSTITUTION_KEYS } from './generated-shape-checks';
import { Shapes } from './shapes';

export const DEFAULT_CONFIG_PATH = 'institutions.yaml';

/** One institution after defaults are merged and every check has passed. */
export interface InstitutionConfig extends EmailAuthOptions, ZonePlacement {
  readonly code: string;
  readonly domain: string;
  readonly provider: ProviderName;
  readonly aws?: { readonly region?: string; readonly profile?: string; readonly assumeRoleArn?: string };
  readonly protect?: boolean;
  /** Offboarding: `true` deletes the records through the reviewed plan, `forget` leaves them in DNS, unmanaged. */
  readonly retired?: boolean | 'forget';
  readonly allowOverwrite?: boolean;
  /** Import the record sets that already exist into state instead of failing with "already exists" (Route53). */
  readonly adoptExisting?: readonly RecordPurpose[];
  /** What the institution's stack will publish (the neutral model): its own records, then the report authorisations its zone publishes. */
  readonly records: readonly DnsRecord[];
  /** The report authorisations its zone publishes, for itself or for other institutions (config/report-authorizations.ts). */
  readonly reportAuthorizations?: readonly HostedAuthorization[];
}

export interface AppConfig {
  readonly institutions: readonly InstitutionConfig[];
  /** Where each stack's state lives. @default { type: 'local' } */
  readonly backend?: BackendConfig;
  /** Zones managed only to authorise DMARC reports (`reportAuthorizations`), one stack each. @default [] */
  readonly reportAuthorizations?: readonly ReportCollectorConfig[];
}

export interface LoadResult {
  /** Present when there is no error. */
  readonly config?: AppConfig;
  /** Every error and warning, paths from the file's root. */
  readonly problems: readonly Problem[];
  /** The code each entry of `institutions` gives, by index, where it gives one (to name institutions in messages). */
  readonly codes: readonly (string | undefined)[];
}

/** The config path: `EMAIL_AUTH_CONFIG`, else `institutions.yaml` in the working directory. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMAIL_AUTH_CONFIG || DEFAULT_CONFIG_PATH;
}

/**
 * Reads, parses and validates a config file (YAML, or JSON when it ends in `.json`): a regular UTF-8 file of bounded
 * size, one document, no duplicate keys, bounded alias expansion and nesting.
 */
export function loadConfigFile(path: string): LoadResult {
  const read = readConfigText(path);
  const json = extname(path).toLowerCase() === '.json';
  // Plain numbers first; a file with a problem is read again with the text of each number, for the messages.
  const parsed = 'error' in read ? read : parseConfigText(read.text, json, false);
  if ('error' in parsed) return { problems: [{ path: '', severity: 'error', message: parsed.error }], codes: [] };
  return validateConfig(parsed.value, () => (parseConfigText((read as { text: string }).text, json) as { value: unknown }).value);
}

/**
 * Validates a parsed config: shape first, then every institution's records, then the config as a whole. The shapes
 * come from the compiled checks when the file is valid, else from zod, which reports what is wrong (config/shapes.ts);
 * `asWritten` then gives the config again as parsed with WrittenNumbers (config/parse-text.ts), when `raw` has plain numbers.
 */
export function validateConfig(raw: unknown, asWritten?: () => unknown): LoadResult {
  const problems = new Problems();
  return validateShapes(compiledShapes(raw) ?? withZod(asWritten ? asWritten() : raw, problems), problems);
}

/** The rest of {@link validateConfig} once the shapes are checked (either way), problems so far in `problems`. */
export function validateShapes(shapes: Shapes | undefined, problems: Problems): LoadResult {
  if (!shapes) return { problems: problems.all, codes: [] };
  const { codes, backend, defaults } = shapes;
  const institutions: InstitutionConfig[] = [];
  const list = problems.at('institutions');
  // The loop only calls: V8 then optimizes the planning of one institution as a function of its own, rather than
  // compiling this whole function again (on-stack replacement) to speed up a loop it runs once.
  for (let i = 0; i < shapes.institutions.count; i++) {
    const at = list.at(i);
    const institution = defaults && checkedInstitution(defaults, shapes.institutions.entry(i, at), at);
    if (institution) institutions.push(institution);
  }
  const collectors = shapes.reportAuthorizations && checkReportCollectors(shapes.reportAuthorizations, problems.at('reportAuthorizations'));
  if (institutions.length === shapes.institutions.count) checkAcrossInstitutions(institutions, problems.at('institutions'));
  if (problems.hasErrors) return { problems: problems.all, codes };
  // Across the whole config, once every institution is valid: which zone publishes each report authorisation.
  const planned = addReportAuthorizations(institutions, collectors ?? [], problems);
  if (!planned || problems.hasErrors) return { problems: problems.all, codes };
  const reportAuthorizations = planned.collectors.length > 0 ? { reportAuthorizations: planned.collectors } : {};
  return { config: { institutions: planned.institutions, ...(backend && { backend }), ...reportAuthorizations }, problems: problems.all, codes };
}

/**
 * Entry `own` of `institutions`, shape checked, with the defaults merged and its records planned: the institution, or
 * undefined with its problems in `problems`. One function rather than a merge calling a plan: V8 compiled the plan
 * twice at 5,000 institutions, on its own and again inlined into the merge (`--trace-turbo-inlining`).
 */
function checkedInstitution(defaults: PartialInstitution, own: PartialInstitution | undefined, problems: Problems): InstitutionConfig | undefined {
  if (!own) return undefined;
  const merged = mergeDefaults(defaults, own);
  // A loop, not filter and forEach: this runs for every institution.
  let missing = false;
  for (let k = 0; k < REQUIRED_INSTITUTION_KEYS.length; k++) {
    const key = REQUIRED_INSTITUTION_KEYS[k]!;
    if (merged[key] === undefined) {
      problems.at(key).error('is required');
      missing = true;
    }
  }
  if (missing) return undefined;
  const entry = merged as PartialInstitution & Pick<InstitutionConfig, 'code' | 'domain' | 'provider'>;
  const before = problems.errorCount;
  const rules = PROVIDER_RULES[entry.provider];
  // The model gets objects of one shape, whatever keys and order each institution's entry has: V8 then optimizes
  // it once, instead of again for every new shape it meets (each time costing more CPU than it saves, measured).
  // Report authorisations are judged across the config once every institution is planned (addReportAuthorizations).
  const options: EmailAuthOptions = { domain: entry.domain, code: entry.code, spf: entry.spf, dmarc: entry.dmarc, mx: entry.mx, keepTxt: entry.keepTxt, ttl: entry.ttl, senderProfile: entry.senderProfile };
  const records = planInstitutionRecords(options, problems, rules.ttl);
  const domain = normalizeDomain(entry.domain);
  checkPlacement({ zoneId: entry.zoneId, zoneName: entry.zoneName }, domain, rules, problems);
  if (entry.provider !== 'route53') {
    if (entry.aws !== undefined) problems.at('aws').error('applies to provider route53 only');
    if (entry.allowOverwrite !== undefined) problems.at('allowOverwrite').error('applies to provider route53 only (Cloudflare records are single values, nothing is overwritten)');
    if (entry.adoptExisting !== undefined) problems.at('adoptExisting').error('applies to provider route53 only (Cloudflare import ids hold record ids that only the API knows: see docs/pipelines.md)');
  } else if (entry.adoptExisting && entry.adoptExisting.length > 0 && entry.zoneId === undefined) {
    problems.at('adoptExisting').error('needs zoneId: the import id of each record set is <zoneId>_<name>_<type>');
  }
  checkRetired(entry, problems);
  if (problems.errorCount > before) return undefined;
  // The merged entry is this institution's own new object (mergeDefaults): it becomes the institution, without the
  // copy every institution used to cost (it lives to the end of the run; the keys and their order are the same).
  const institution = entry as Record<string, unknown>;
  institution.code = normalizeCode(entry.code);
  institution.domain = domain;
  institution.records = records;
  return institution as unknown as InstitutionConfig;
}

/** The shapes checked by zod, with every problem reported: loaded only for a file the compiled checks refused. */
function withZod(raw: unknown, problems: Problems): Shapes | undefined {
  return (require('./zod-shapes') as typeof import('./zod-shapes')).zodShapes(raw, problems);
}

/** Institution values win; maps (spf, dmarc, aws, senderProfile) merge one level deep; lists replace. */
export function mergeDefaults(defaults: PartialInstitution, own: PartialInstitution): PartialInstitution {
  // Object.assign, not spreads or `merged[key] = …`: on objects of many shapes, V8 copies those one property at a
  // time in its runtime (~10 µs an institution, measured), Object.assign in a few hundred nanoseconds. Checked shapes
  // never hold a `__proto__` key, which Object.assign would take for the prototype. Same keys in the same order:
  // the defaults', then the institution's new ones.
  const merged: Record<string, unknown> = Object.assign({}, defaults, own);
  for (const key in defaults) {
    const base = (defaults as Record<string, unknown>)[key];
    const value = (own as Record<string, unknown>)[key];
    if (isMap(base) && isMap(value)) merged[key] = Object.assign({}, base, value);
  }
  return merged as PartialInstitution;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `protect` exists to refuse deleting records, so it refuses `retired: true`; adopting records one retires makes no sense. */
function checkRetired(entry: PartialInstitution, problems: Problems): void {
  if (entry.retired === true && entry.protect) {
    problems.at('retired').error('protect: true refuses deleting the records, and retired: true deletes them: remove protect first, or use retired: forget to keep the records in DNS');
  }
  if (entry.retired && entry.adoptExisting && entry.adoptExisting.length > 0) problems.at('adoptExisting').error('a retired institution adopts nothing: remove adoptExisting');
}

/**
 * Problems that only show across institutions: one stack per code, and one SPF and one DMARC record per name. Every
 * record name ends in the sender domain, so distinct domains never publish the same name and type.
 */
function checkAcrossInstitutions(institutions: readonly InstitutionConfig[], problems: Problems): void {
  const byCode = new Map<string, number>();
  const byDomain = new Map<string, number>();
  // A loop, and a problem view only to report: this runs for every institution.
  for (let i = 0; i < institutions.length; i++) {
    const inst = institutions[i]!;
    const sameCode = byCode.get(inst.code);
    if (sameCode !== undefined) problems.at(i).at('code').error(`${show(inst.code)} is also the code of institutions[${sameCode}]; codes name the stacks and must be unique`);
    else byCode.set(inst.code, i);
    const sameDomain = byDomain.get(inst.domain);
    if (sameDomain !== undefined) {
      problems.at(i).at('domain').error(`${show(inst.domain)} is also the domain of institutions[${sameDomain}]; one domain has one SPF and one DMARC record: merge the two entries`);
    } else byDomain.set(inst.domain, i);
  }
}
