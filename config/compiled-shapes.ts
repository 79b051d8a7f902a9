import type { BackendConfig, PartialInstitution, ReportCollectorEntry } from './schema';
import { MAX_CONFIG_VALUES } from './config-tree';
import { BAD, backendCloud, backendLocal, backendS3, backendType, configFile, partialInstitution, reportCollector, setShapeCheckBudget } from './generated-shape-checks';
import { checkedList, Shapes } from './shapes';

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
  const institutions = everyEntry<PartialInstitution>(file.institutions, partialInstitution);
  if (!institutions) return undefined;
  const collectors = file.reportAuthorizations === undefined ? undefined : everyEntry<ReportCollectorEntry>(file.reportAuthorizations, reportCollector);
  if (file.reportAuthorizations !== undefined && !collectors) return undefined;
  return {
    codes: institutions.map((entry) => (typeof entry.code === 'string' ? entry.code.trim().toLowerCase() : undefined)),
    ...(backend && { backend }),
    defaults: defaults as PartialInstitution,
    institutions: checkedList(institutions),
    ...(collectors && { reportAuthorizations: checkedList(collectors) }),
  };
}

/** Every entry of `list` as `check` returns it, or undefined as soon as one is refused. */
function everyEntry<T>(list: readonly unknown[], check: (value: unknown) => unknown): T[] | undefined {
  const entries = new Array<T>(list.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = check(list[i]);
    if (entry === BAD) return undefined;
    entries[i] = entry as T;
  }
  return entries;
}
