/**
 * The verdict for one institution: the next rung of the ladder and whether every rule allows it. It names the exact
 * config change, or the reasons with numbers; it never edits the config.
 */
import { InstitutionSummary } from '../analysis/summary';
import { ConfigChange, configChangeText, describePolicy, nextStep } from './ladder';
import { RuleOutcome } from './rule';
import { READINESS_RULES } from './rules';

export type ReadinessStatus = 'ready' | 'not-ready' | 'fix-first' | 'at-last-step';

export interface Readiness {
  readonly status: ReadinessStatus;
  /** The next rung; null at the last one. */
  readonly next: { readonly policy: string; readonly change: ConfigChange; readonly configText: string } | null;
  /** Every rule's outcome, failed ones first. */
  readonly rules: readonly RuleOutcome[];
}

export function evaluateReadiness(summary: InstitutionSummary, rules = READINESS_RULES): Readiness {
  const outcomes = rules.map((rule) => ({ id: rule.id, ...rule.check(summary, summary.thresholds) }));
  const step = nextStep(summary.policy);
  const next = step ? { policy: describePolicy(step.to), change: step.change, configText: configChangeText(step.change) } : null;
  const fixFirst = outcomes.some((o) => !o.ok && o.fixFirst);
  const status: ReadinessStatus = fixFirst ? 'fix-first' : !next ? 'at-last-step' : outcomes.every((o) => o.ok) ? 'ready' : 'not-ready';
  return { status, next, rules: [...outcomes.filter((o) => !o.ok), ...outcomes.filter((o) => o.ok)] };
}
