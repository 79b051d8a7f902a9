/**
 * The `--json` view: the analysis as data, shape documented in docs/dmarc-rollout.md ("JSON output"). `version`
 * changes when a field changes meaning or goes away; new fields may appear without it.
 */
import { ReportsAnalysis } from '../analyze';
import type { ProposalOutcome } from './pr-body';

export const JSON_VERSION = 1;

export function renderJson(analysis: ReportsAnalysis, exitCode: number, proposal?: ProposalOutcome): string {
  return JSON.stringify(
    {
      version: JSON_VERSION,
      exitCode,
      period: analysis.period,
      input: analysis.input,
      history: analysis.history,
      ptr: analysis.ptr,
      reporters: analysis.reporters,
      institutions: analysis.institutions.map(({ summary, readiness }) => ({ ...summary, readiness })),
      outsideConfig: analysis.outside,
      proposal: proposal ?? null,
    },
    null,
    2,
  );
}
