/**
 * Problems found while validating input. Every validator reports into a {@link Problems} collector instead of
 * throwing, so that the user sees every problem of a file at once, each with the path of the field at fault.
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  /** Where the problem is, e.g. `institutions[2].spf.mechanisms[1]`; empty for the whole input. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

/** The list every view of one collector shares, with its error count kept so that checking it is O(1). */
interface ProblemList {
  readonly items: Problem[];
  errorCount: number;
}

/** Collects problems under a path prefix; `at()` gives a view that prefixes a sub-path and shares the list. */
export class Problems {
  private shared: ProblemList = { items: [], errorCount: 0 };
  private prefix = '';

  /** A collector for a field or index below this one: `at('spf').at('mechanisms').at(1)` → `spf.mechanisms[1]`. */
  at(segment: string | number): Problems {
    const view = new Problems();
    view.shared = this.shared;
    view.prefix = joinPath(this.prefix, segment);
    return view;
  }

  error(message: string): void {
    this.shared.items.push({ path: this.prefix, message, severity: 'error' });
    this.shared.errorCount++;
  }

  warn(message: string): void {
    this.shared.items.push({ path: this.prefix, message, severity: 'warning' });
  }

  get all(): readonly Problem[] {
    return this.shared.items;
  }

  get errors(): readonly Problem[] {
    return this.shared.items.filter((p) => p.severity === 'error');
  }

  get warnings(): readonly Problem[] {
    return this.shared.items.filter((p) => p.severity === 'warning');
  }

  /** Errors so far in the whole collector: validators compare it before and after to know whether they added any. */
  get errorCount(): number {
    return this.shared.errorCount;
  }

  get hasErrors(): boolean {
    return this.shared.errorCount > 0;
  }
}

export function joinPath(prefix: string, segment: string | number): string {
  if (typeof segment === 'number') return `${prefix}[${segment}]`;
  return prefix ? `${prefix}.${segment}` : segment;
}

/** One line per problem: `path: message`, warnings prefixed `warning: `. */
export function formatProblem(p: Problem): string {
  const where = p.path ? `${p.path}: ` : '';
  return p.severity === 'warning' ? `warning: ${where}${p.message}` : `${where}${p.message}`;
}

/** Thrown by the constructs and the model when the input has errors; the message lists every error. */
export class EmailAuthValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n'));
    this.name = 'EmailAuthValidationError';
  }
}

/** `JSON.stringify` for values quoted in messages, so `got "rejct"` and `got 300` read naturally. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
