import { ZodError, ZodIssue } from 'zod';
import { Problems, show } from '../model/problems';
import { closest } from '../model/suggest';

/**
 * Reports zod's issues into `problems` in our wording: `expected none|quarantine|reject, got "rejct"`.
 * `writtenNumbers` (path → text) tells how the file wrote a number, for the advice to quote it.
 */
export function reportZodError(error: ZodError, input: unknown, problems: Problems, knownKeys: readonly string[], writtenNumbers: ReadonlyMap<string, string> = new Map()): void {
  for (const issue of error.issues.flatMap(matchedAlternative)) {
    const at = issue.path.reduce<Problems>((p, segment) => p.at(segment), problems);
    const got = valueAt(input, issue.path);
    for (const message of describe(issue, got, knownKeys, writtenNumbers.get(at.path))) at.error(message);
  }
}

/**
 * A union whose value has the type of one alternative but wrong contents (`adoptExisting: [spf, dkimm]` is a list, like
 * the list alternative, with an unknown purpose inside): that alternative's own issues, which name the entry at fault.
 */
function matchedAlternative(issue: ZodIssue): ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const matched = issue.unionErrors.find((e) => e.issues.length > 0 && e.issues.every((i) => i.path.length > issue.path.length));
  return matched ? matched.issues.flatMap(matchedAlternative) : [issue];
}

function describe(issue: ZodIssue, got: unknown, knownKeys: readonly string[], written: string | undefined): string[] {
  switch (issue.code) {
    case 'invalid_enum_value':
      return [`expected ${issue.options.join('|')}, got ${show(got)}`];
    case 'invalid_type':
      if (issue.received === 'undefined') return ['is required'];
      if (issue.expected === 'string' && typeof got === 'number') {
        // YAML reads `0815`, `0x1F`, `1e3`, `.inf` unquoted as numbers: the text the user meant is what they wrote.
        const text = written ?? String(got);
        const as = text === String(got) ? '' : ` (the file writes ${text}, which YAML reads as ${got})`;
        return [`expected a string, got the number ${got}${as}; quote it: ${JSON.stringify(text)}`];
      }
      return [`expected ${issue.expected}, got ${describeValue(got)}`];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const near = closest(key, knownKeys);
        return `unknown key ${show(key)}${near ? ` (did you mean "${near}"?)` : ''}`;
      });
    case 'invalid_union': {
      // What each alternative expected at this path: `expected boolean or "forget", got string "yes"`.
      const expected = issue.unionErrors.flatMap((e) => e.issues.filter((i) => i.path.length === issue.path.length).map(expectedOf));
      return [`expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(got)}`];
    }
    case 'too_small':
      return [issue.message === 'Required' ? 'is required' : issue.message];
    default:
      return [issue.message + (got === undefined ? '' : `, got ${show(got)}`)];
  }
}

function expectedOf(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_literal':
      return JSON.stringify(issue.expected);
    case 'invalid_enum_value':
      return issue.options.join('|');
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? `${typeof value} ${show(value)}` : typeName(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), input);
}
