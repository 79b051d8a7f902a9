/**
 * The `--json` view: the analysis as data, shape documented in the README ("JSON output of reports"). `version`
 * changes when a field changes meaning or goes away; new fields may appear without it.
 */
import { ReportsAnalysis } from '../analyze';

export const JSON_VERSION = 1;

export function renderJson(analysis: ReportsAnalysis, exitCode: number): string {
  return JSON.stringify(
    {
      version: JSON_VERSION,
      exitCode,
      period: analysis.period,
      input: analysis.input,
      reporters: analysis.reporters,
      institutions: analysis.institutions.map(({ summary, readiness }) => ({ ...summary, readiness })),
      outsideConfig: analysis.outside,
    },
    null,
    2,
  );
}
