/**
 * Mermaid `xychart-beta` charts, which GitHub renders in issues and job summaries: per institution its daily DMARC
 * pass rate, and one fleet chart of each institution's pass rate over the window. Every chart draws the pass-rate
 * threshold as its own flat line, and its y-axis starts near the data (a 0–100 axis flattens 97 % and 99 % into one
 * line). A time series is drawn only from {@link CHART_MIN_DAYS} days on: one or two points say nothing a sentence
 * does not. Only our own text goes in (institution codes from the config, days, numbers): nothing from a report can
 * reach Mermaid's syntax. At most the last {@link CHART_DAYS} days, so a long window stays readable.
 */
import { InstitutionSummary } from '../analysis/summary';
import { rate } from '../numbers';

export const CHART_DAYS = 62;
/** Fewer days than this get a sentence instead of a chart. */
export const CHART_MIN_DAYS = 3;
/** The fleet chart shows at most this many institutions: the lowest pass rates, the ones to look at. */
export const FLEET_CHART_MAX = 40;

/** True when an institution has days enough for a chart of its own. */
export function hasOwnChart(summary: InstitutionSummary): boolean {
  return summary.daily.length >= CHART_MIN_DAYS;
}

/** One institution's daily DMARC pass rate and the threshold; none below {@link CHART_MIN_DAYS} days. */
export function passRateChart(summary: InstitutionSummary): string[] {
  const days = summary.daily.slice(-CHART_DAYS);
  if (days.length < CHART_MIN_DAYS) return [];
  const threshold = summary.thresholds.passRate;
  const rates = days.map((d) => rate(d.dmarcPass, d.messages) ?? 0);
  return chart(`${label(summary.code)}: daily DMARC pass rate (%), flat line = ${threshold} % threshold`, days.map((d) => d.day.slice(5)), 'line', rates, rates.map(() => threshold));
}

/**
 * Each institution's DMARC pass rate over the window as a bar, its threshold as a line: the lowest
 * {@link FLEET_CHART_MAX}, in code order. None for fewer than two institutions with mail.
 */
export function fleetChart(summaries: readonly InstitutionSummary[]): string[] {
  const withMail = summaries.filter((s) => s.messages > 0);
  if (withMail.length < 2) return [];
  const lowest = [...withMail].sort((a, b) => rate(a.dmarcPass, a.messages)! - rate(b.dmarcPass, b.messages)! || a.code.localeCompare(b.code)).slice(0, FLEET_CHART_MAX);
  const shown = lowest.sort((a, b) => a.code.localeCompare(b.code));
  const thresholds = shown.map((s) => s.thresholds.passRate);
  const line = new Set(thresholds).size === 1 ? `${thresholds[0]} % threshold` : "each institution's threshold";
  return chart(`DMARC pass rate per institution over the window (%), line = ${line}`, shown.map((s) => label(s.code)), 'bar', shown.map((s) => rate(s.dmarcPass, s.messages)!), thresholds);
}

/** The lowest value the y-axis shows: a little below the lowest point or threshold, on a multiple of 5. */
export function yAxisFloor(values: readonly number[], thresholds: readonly number[]): number {
  const lowest = Math.min(...thresholds, ...values);
  return Math.max(0, Math.min(95, Math.floor((lowest - 2) / 5) * 5));
}

function chart(title: string, labels: readonly string[], kind: 'line' | 'bar', values: readonly number[], thresholds: readonly number[]): string[] {
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "DMARC pass %" ${yAxisFloor(values, thresholds)} --> 100`,
    `  ${kind} [${values.map((v) => v.toFixed(1)).join(', ')}]`,
    `  line [${thresholds.map((t) => t.toFixed(1)).join(', ')}]`,
    '```',
  ];
}

/** Codes are DNS labels (config/ validates them); anything else is dropped rather than escaped. */
function label(code: string): string {
  return code.replace(/[^a-z0-9-]/gi, '');
}
