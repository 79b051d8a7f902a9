import { Problems, Severity } from '../../model/problems';

/** `path: message` lines of one severity, the form the user sees them in. */
export function problemLines(problems: Problems, severity: Severity): string[] {
  return problems.all.filter((p) => p.severity === severity).map((p) => `${p.path}: ${p.message}`);
}
