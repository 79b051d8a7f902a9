/**
 * A Mermaid `xychart-beta` of one institution's daily DMARC pass rate, which GitHub renders in issues and job
 * summaries. Only our own text goes in (the institution code from the config, days, numbers): nothing from a
 * report can reach Mermaid's syntax. At most the last {@link CHART_DAYS} days, so a long window stays readable.
 */
import { InstitutionSummary } from '../analysis/summary';
import { rate } from '../numbers';

export const CHART_DAYS = 62;

export function passRateChart(summary: InstitutionSummary): string[] {
  const days = summary.daily.slice(-CHART_DAYS);
  if (days.length === 0) return [];
  // Codes are DNS labels (config/ validates them); anything else is dropped rather than escaped.
  const title = `${summary.code.replace(/[^a-z0-9-]/gi, '')}: daily DMARC pass rate (%)`;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${days.map((d) => `"${d.day.slice(5)}"`).join(', ')}]`,
    '  y-axis "DMARC pass %" 0 --> 100',
    `  line [${days.map((d) => (rate(d.dmarcPass, d.messages) ?? 0).toFixed(1)).join(', ')}]`,
    '```',
  ];
}
