import type { BackendConfig, PartialInstitution, ReportCollectorEntry } from './schema';
import { MAX_CONFIG_VALUES } from './config-tree';
import { BAD, backendCloud, backendLocal, backendS3, backendType, configFile, partialInstitution, reportCollector, setShapeCheckBudget } from './generated-shape-checks';
import { Shapes } from './shapes';

const BACKEND_CHECKS: Readonly<Record<string, (value: unknown) => unknown>> = { local: backendLocal, s3: backendS3, cloud: backendCloud };

/**
 * The shapes of a valid config file, checked by the compiled checks (config/generated-shape-checks.ts) straight on the
 * parser's output: one walk, no copies, no zod. Undefined as soon as anything is not as the schema says (a wrong
 * type or value, an unknown key, a key that looks like a credential, more values than the config tree allows): the
 * loader then asks zod (config/zod-shapes.ts), which says what and where.
 */
export function compiledShapes(raw: unknown): Shapes | undefined {
  setShapeCheckBudget(MAX_CONFIG_VALUES);
  const file = configFile(raw) as { defaults?: unknown; backend?: Record<string, unknown>; institutions: unknown[]; reportAuthorizations?: unknown[] } | typeof BAD;
  if (file === BAD) return undefined;
  const defaults = file.defaults === undefined ? {} : partialInstitution(file.defaults);
  if (defaults === BAD) return undefined;
  let backend: BackendConfig | undefined;
  if (file.backend !== undefined) {
    const typed = backendType(file.backend) as { type: string } | typeof BAD;
    // A key of another backend type, or an unknown one, is refused by the strict shape of this type.
    const check = typed === BAD ? undefined : BACKEND_CHECKS[typed.type];
    const shaped = check ? check({ ...file.backend, type: (typed as { type: string }).type }) : BAD;
    if (shaped === BAD) return undefined;
    backend = shaped as BackendConfig;
  }
  const institutions = new Array<PartialInstitution>(file.institutions.length);
  for (let i = 0; i < institutions.length; i++) {
    const entry = partialInstitution(file.institutions[i]);
    if (entry === BAD) return undefined;
    institutions[i] = entry as PartialInstitution;
  }
  let collectors: ReportCollectorEntry[] | undefined;
  if (file.reportAuthorizations !== undefined) {
    collectors = new Array<ReportCollectorEntry>(file.reportAuthorizations.length);
    for (let k = 0; k < collectors.length; k++) {
      const entry = reportCollector(file.reportAuthorizations[k]);
      if (entry === BAD) return undefined;
      collectors[k] = entry as ReportCollectorEntry;
    }
  }
  return {
    codes: institutions.map((entry) => (typeof entry.code === 'string' ? entry.code.trim().toLowerCase() : undefined)),
    ...(backend && { backend }),
    defaults: defaults as PartialInstitution,
    count: institutions.length,
    institution: (i) => institutions[i],
    ...(collectors && { reportAuthorizations: { count: collectors.length, entry: (k: number) => collectors![k] } }),
  };
}
