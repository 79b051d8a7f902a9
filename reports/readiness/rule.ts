/** One readiness rule: a pure check of an institution's summary against the thresholds, with the reason in numbers. */
import { InstitutionSummary, SourceSummary } from '../analysis/summary';
import { count } from '../numbers';
import { Thresholds } from './thresholds';

export interface RuleOutcome {
  readonly id: string;
  readonly ok: boolean;
  /** What was measured and what is needed, e.g. "9 days of reports at p=none, need 14". */
  readonly reason: string;
  /** A failure to fix before any step (the platform's own mail failing DKIM), not only a wait. */
  readonly fixFirst?: boolean;
}

export interface ReadinessRule {
  readonly id: string;
  readonly check: (summary: InstitutionSummary, thresholds: Thresholds) => Omit<RuleOutcome, 'id'>;
}

/** `203.0.113.5 (60 of 62 failing, google.com)`: the sources a reason names, largest first. */
export function describeSources(sources: readonly SourceSummary[], failures: (s: SourceSummary) => number, max = 3): string {
  return sources
    .slice(0, max)
    .map((s) => `${s.ip} (${count(failures(s))} of ${count(s.messages)} failing${s.reporters.length ? `, ${s.reporters.slice(0, 2).join(', ')}` : ''})`)
    .join('; ');
}
