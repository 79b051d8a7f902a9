import { ZodType } from 'zod';
import { Problems } from '../model/problems';
import { BACKEND_TYPES, BackendConfig, backendShapes, backendType, configFile, KNOWN_KEYS, partialInstitution, reportCollector } from './schema';
import { toConfigTree } from './config-tree';
import { refuseSecrets } from './secrets';
import { Shapes } from './shapes';
import { reportZodError } from './zod-problems';

/**
 * The shapes checked by zod, every problem reported into `problems` with its path: the config tree's bounds first,
 * then keys that look like credentials, then the file, the backend, the defaults, and each institution when the
 * loader asks for it. Undefined when the file as a whole is unusable. The loader comes here only when the compiled
 * checks (config/compiled-shapes.ts) did not take the file, so zod is loaded only for a file with a problem.
 */
export function zodShapes(raw: unknown, problems: Problems): Shapes | undefined {
  const tree = toConfigTree(raw, problems);
  if (!tree || problems.hasErrors) return undefined;
  const writtenNumbers = tree.writtenNumbers;
  const checkShape: ShapeCheck = (schema, value, at) => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    reportZodError(result.error, value, at, KNOWN_KEYS, writtenNumbers);
    return undefined;
  };
  const input = refuseSecrets(tree.value, problems);
  const file = checkShape(configFile, input, problems);
  if (!file) return undefined;
  const backend = checkBackend(file.backend, problems.at('backend'), checkShape);
  const defaults = file.defaults === undefined ? {} : checkShape(partialInstitution, file.defaults, problems.at('defaults'));
  return {
    codes: file.institutions.map((entry) => (typeof entry.code === 'string' ? entry.code.trim().toLowerCase() : undefined)),
    ...(backend && { backend }),
    defaults,
    institutions: { count: file.institutions.length, entry: (i: number, at: Problems) => checkShape(partialInstitution, file.institutions[i], at) },
    ...(file.reportAuthorizations && {
      reportAuthorizations: { count: file.reportAuthorizations.length, entry: (k: number, at: Problems) => checkShape(reportCollector, file.reportAuthorizations![k], at) },
    }),
  };
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
