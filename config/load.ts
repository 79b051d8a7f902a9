import { extname } from 'node:path';
import { ZodType } from 'zod';
import { DnsRecord, EmailAuthOptions, planInstitutionRecords, RecordPurpose } from '../model/records';
import { normalizeDomain } from '../model/names';
import { normalizeCode } from '../model/dkim';
import { Problem, Problems, show } from '../model/problems';
import { checkPlacement, PROVIDER_RULES, ProviderName, ZonePlacement } from '../model/providers';
import { BACKEND_TYPES, BackendConfig, backendShapes, backendType, configFile, KNOWN_KEYS, partialInstitution, PartialInstitution, REQUIRED_INSTITUTION_KEYS } from './schema';
import { toConfigTree } from './config-tree';
import { addReportAuthorizations, checkReportCollectors, ReportCollectorConfig } from './report-authorizations';
import type { HostedAuthorization } from '../model/report-authorization-plan';
import { parseConfigText } from './parse-text';
import { readConfigText } from './read-text';
import { refuseSecrets } from './secrets';
import { reportZodError } from './zod-problems';

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
  const parsed = 'error' in read ? read : parseConfigText(read.text, extname(path).toLowerCase() === '.json');
  return 'error' in parsed ? { problems: [{ path: '', severity: 'error', message: parsed.error }], codes: [] } : validateConfig(parsed.value);
}

/** Validates a parsed config: shape first, then every institution's records, then the config as a whole. */
export function validateConfig(raw: unknown): LoadResult {
  const problems = new Problems();
  const tree = toConfigTree(raw, problems);
  if (!tree || problems.hasErrors) return { problems: problems.all, codes: [] };
  const writtenNumbers = tree.writtenNumbers;
  const checkShape = <T>(schema: ZodType<T, any, any>, value: unknown, at: Problems): T | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    reportZodError(result.error, value, at, KNOWN_KEYS, writtenNumbers);
    return undefined;
  };
  const input = refuseSecrets(tree.value, problems);
  const file = checkShape(configFile, input, problems);
  if (!file) return { problems: problems.all, codes: [] };
  const codes = file.institutions.map((entry) => (typeof entry.code === 'string' ? entry.code.trim().toLowerCase() : undefined));
  const backend = checkBackend(file.backend, problems.at('backend'), checkShape);
  const defaults = file.defaults === undefined ? {} : checkShape(partialInstitution, file.defaults, problems.at('defaults'));
  const institutions: InstitutionConfig[] = [];
  file.institutions.forEach((entry, i) => {
    const at = problems.at('institutions').at(i);
    const own = checkShape(partialInstitution, entry, at);
    if (!own || !defaults) return;
    const merged = mergeDefaults(defaults, own);
    const missing = REQUIRED_INSTITUTION_KEYS.filter((key) => merged[key] === undefined);
    missing.forEach((key) => at.at(key).error('is required'));
    if (missing.length > 0) return;
    const institution = planInstitution(merged as PartialInstitution & Pick<InstitutionConfig, 'code' | 'domain' | 'provider'>, at);
    if (institution) institutions.push(institution);
  });
  const collectors = file.reportAuthorizations && checkReportCollectors(file.reportAuthorizations, problems.at('reportAuthorizations'), checkShape);
  if (institutions.length === file.institutions.length) checkAcrossInstitutions(institutions, problems.at('institutions'));
  if (problems.hasErrors) return { problems: problems.all, codes };
  // Across the whole config, once every institution is valid: which zone publishes each report authorisation.
  const planned = addReportAuthorizations(institutions, collectors ?? [], problems);
  if (!planned || problems.hasErrors) return { problems: problems.all, codes };
  const reportAuthorizations = planned.collectors.length > 0 ? { reportAuthorizations: planned.collectors } : {};
  return { config: { institutions: planned.institutions, ...(backend && { backend }), ...reportAuthorizations }, problems: problems.all, codes };
}

type ShapeCheck = <T>(schema: ZodType<T, any, any>, value: unknown, at: Problems) => T | undefined;

/** The `type` first, then that type's own keys: errors name the field (`backend.bucket: is required`). */
function checkBackend(raw: Record<string, unknown> | undefined, problems: Problems, checkShape: ShapeCheck): BackendConfig | undefined {
  if (raw === undefined) return undefined;
  const typed = checkShape(backendType, raw, problems);
  if (!typed) return undefined;
  const own = backendShapes[typed.type].shape;
  const foreign = Object.keys(raw).filter((key) => !(key in own) && BACKEND_TYPES.some((t) => key in backendShapes[t].shape));
  for (const key of foreign) problems.at(key).error(`applies to backend type ${BACKEND_TYPES.filter((t) => key in backendShapes[t].shape).join(' or ')} only`);
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !foreign.includes(key)));
  const shaped = checkShape<BackendConfig>(backendShapes[typed.type], { ...rest, type: typed.type }, problems);
  return foreign.length > 0 ? undefined : shaped;
}

/** Institution values win; maps (spf, dmarc, aws, senderProfile) merge one level deep; lists replace. */
export function mergeDefaults(defaults: PartialInstitution, own: PartialInstitution): PartialInstitution {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(own)) {
    const base = merged[key];
    merged[key] = isMap(base) && isMap(value) ? { ...base, ...value } : value;
  }
  return merged as PartialInstitution;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function planInstitution(entry: PartialInstitution & Pick<InstitutionConfig, 'code' | 'domain' | 'provider'>, problems: Problems): InstitutionConfig | undefined {
  const before = problems.errorCount;
  const rules = PROVIDER_RULES[entry.provider];
  // Report authorisations are judged across the config once every institution is planned (addReportAuthorizations).
  const records = planInstitutionRecords(entry, problems, rules.ttl);
  const domain = normalizeDomain(entry.domain);
  checkPlacement(entry, domain, rules, problems);
  if (entry.provider !== 'route53') {
    if (entry.aws !== undefined) problems.at('aws').error('applies to provider route53 only');
    if (entry.allowOverwrite !== undefined) problems.at('allowOverwrite').error('applies to provider route53 only (Cloudflare records are single values, nothing is overwritten)');
    if (entry.adoptExisting !== undefined) problems.at('adoptExisting').error('applies to provider route53 only (Cloudflare import ids hold record ids that only the API knows: see docs/pipelines.md)');
  } else if (entry.adoptExisting && entry.adoptExisting.length > 0 && entry.zoneId === undefined) {
    problems.at('adoptExisting').error('needs zoneId: the import id of each record set is <zoneId>_<name>_<type>');
  }
  checkRetired(entry, problems);
  if (problems.errorCount > before) return undefined;
  return { ...entry, code: normalizeCode(entry.code), domain, records };
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
  institutions.forEach((inst, i) => {
    const at = problems.at(i);
    const sameCode = byCode.get(inst.code);
    if (sameCode !== undefined) at.at('code').error(`${show(inst.code)} is also the code of institutions[${sameCode}]; codes name the stacks and must be unique`);
    else byCode.set(inst.code, i);
    const sameDomain = byDomain.get(inst.domain);
    if (sameDomain !== undefined) {
      at.at('domain').error(`${show(inst.domain)} is also the domain of institutions[${sameDomain}]; one domain has one SPF and one DMARC record: merge the two entries`);
    } else byDomain.set(inst.domain, i);
  });
}
