import { flatText } from './flat-text';
import { terminalText } from './terminal-text';

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
  /** The view this one is below and the segment it adds; the path text is built only when a problem is reported. */
  private parent: Problems | undefined = undefined;
  private segment: string | number = '';
  private prefix: string | undefined = '';

  /** The path this view reports at, e.g. `institutions[2].spf`; empty at the root. */
  get path(): string {
    // Built on first use: validating a large config makes thousands of views that never report anything.
    if (this.prefix === undefined) this.prefix = joinPath(this.parent!.path, this.segment);
    return this.prefix;
  }

  /** A collector for a field or index below this one: `at('spf').at('mechanisms').at(1)` → `spf.mechanisms[1]`. */
  at(segment: string | number): Problems {
    // Not `new Problems()`: its field initialisers would allocate a problem list only to drop it.
    const view = Object.create(Problems.prototype) as Problems;
    view.shared = this.shared;
    view.parent = this;
    view.segment = segment;
    view.prefix = undefined;
    return view;
  }

  error(message: string): void {
    this.shared.items.push({ path: flatText(this.path), message: flatText(message), severity: 'error' });
    this.shared.errorCount++;
  }

  warn(message: string): void {
    // Flat (flatText): problems are kept until the run ends, 2,500 warnings at 5,000 institutions in the bench.
    this.shared.items.push({ path: flatText(this.path), message: flatText(message), severity: 'warning' });
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

/**
 * One line per problem: `path: message`, warnings prefixed `warning: `. Always one line: paths and messages quote
 * config values, and a control character in one (a newline that would forge a CI `::error` line, an ESC sequence)
 * is shown as an escape.
 */
export function formatProblem(p: Problem): string {
  const where = p.path ? `${p.path}: ` : '';
  return terminalText(p.severity === 'warning' ? `warning: ${where}${p.message}` : `${where}${p.message}`);
}

/** Thrown by the constructs and the model when the input has errors; the message lists every error. */
export class EmailAuthValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n'));
    this.name = 'EmailAuthValidationError';
  }
}

/**
 * `JSON.stringify` for values quoted in messages, so `got "rejct"` and `got 300` read naturally; invisible and
 * direction-changing characters that JSON leaves as they are (U+0080–U+009F, bidi controls, zero-width) are written
 * `\uXXXX` too, so a quoted value always shows what it holds.
 */
export function show(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const INVISIBLE = /[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
