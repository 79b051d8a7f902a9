/** One readiness rule: a pure check of an institution's summary against the thresholds, with the reason in numbers. */
import { InstitutionSummary, SourceSummary } from '../analysis/summary';
import { count } from '../numbers';
import { nextStep, PolicyState } from './ladder';
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

/** Whether the next step sets `p=reject`: that step has rules of its own (30 days at quarantine, no blocking source). */
export function stepsToReject(policy: PolicyState): boolean {
  return nextStep(policy)?.change.policy === 'reject';
}

/** The days at the current policy the next step needs: `rejectDays` before `p=reject`, else `days`. */
export function daysNeeded(policy: PolicyState, t: Thresholds): { readonly days: number; readonly forReject: boolean } {
  return stepsToReject(policy) ? { days: t.rejectDays, forReject: true } : { days: t.days, forReject: false };
}

/** `203.0.113.5 (Mailchimp; 60 of 62 failing, google.com)`: the sources a reason names, largest first. */
export function describeSources(sources: readonly SourceSummary[], failures: (s: SourceSummary) => number, max = 3): string {
  return sources
    .slice(0, max)
    .map((s) => `${s.ip} (${s.sender ? `${s.sender.name}; ` : ''}${count(failures(s))} of ${count(s.messages)} failing${s.reporters.length ? `, ${s.reporters.slice(0, 2).join(', ')}` : ''})`)
    .join('; ');
}
