import { formatProblem, Problem } from '../model/problems';
import { terminalText } from '../model/terminal-text';

/** How many institution codes a folded warning names before "and N more". */
const NAMED = 5;

/** One warning as it applies to one or more institutions. */
export interface WarningGroup {
  /** The warning; its path has `institutions[*]` when it applies to several. */
  readonly problem: Problem;
  /** Codes of the institutions it applies to, in config order (empty when it is not an institution's). */
  readonly codes: readonly string[];
}

const INSTITUTION_PATH = /^institutions\[(\d+)\]/;

/**
 * Folds identical warnings of different institutions into one: at 1,000 institutions, one warning that half of them
 * share would otherwise be 500 near-identical lines. Two warnings are identical when their message and their path
 * below the institution are. `codeOf` names an institution by its index.
 */
export function groupWarnings(warnings: readonly Problem[], codeOf: (index: number) => string): WarningGroup[] {
  const groups = new Map<string, { problem: Problem; indices: number[] }>();
  for (const w of warnings) {
    const m = INSTITUTION_PATH.exec(w.path);
    const key = `${m ? w.path.replace(INSTITUTION_PATH, 'institutions[*]') : w.path}\n${w.message}`;
    const group = groups.get(key);
    if (group && m) group.indices.push(Number(m[1]));
    else groups.set(key, { problem: w, indices: m ? [Number(m[1])] : [] });
  }
  return [...groups.values()].map(({ problem, indices }) => ({
    problem: indices.length > 1 ? { ...problem, path: problem.path.replace(INSTITUTION_PATH, 'institutions[*]') } : problem,
    codes: indices.map(codeOf),
  }));
}

/** `warning: institutions[*].spf: … (500 institutions: a, b, c, d, e and 495 more)`: one line per group. */
export function formatWarningGroup(group: WarningGroup): string {
  const line = formatProblem(group.problem);
  const n = group.codes.length;
  if (n < 2) return line;
  const named = group.codes.slice(0, NAMED).join(', ');
  // Codes are config text (an invalid one too, when its institution also has warnings): escaped like the rest.
  return terminalText(`${line} (${n} institutions: ${named}${n > NAMED ? ` and ${n - NAMED} more` : ''})`);
}
