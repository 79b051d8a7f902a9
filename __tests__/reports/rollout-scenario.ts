/**
 * The scenario of issue 19's "done when": 20 days of report files from three receivers. The museum (`mosa`) sends
 * only platform mail and its own Google Workspace mail, all passing: ready for its first step. The Kunsthaus has an
 * agency newsletter sent through Mailchimp once a week (198.51.100.77, SPF and DKIM for mcsv.net, so not aligned):
 * it fails DMARC, so the Kunsthaus is not ready, and the agency is to be named with the include to add. The dates are
 * the 20 days before yesterday, so that the history (a year) and the last 90 days always hold them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY, platformRow, reportXml, ReportSpec } from './report-xml';

/** The config, with comments everywhere `--propose` must keep them; mosa's dmarc comes from `defaults`. */
export const SCENARIO_CONFIG = `# Institutions of the rollout scenario: comments must survive --propose.
defaults:
  provider: route53
  dmarc:
    policy: none # every institution starts at p=none
    rua: ["mailto:dmarc@mosamuseum.com"]

institutions:
  # The museum: its reports are clean.
  - code: mosa
    domain: mosamuseum.com
    zoneId: Z0123456789ABCDEFGHIJ   # production zone

  # The Kunsthaus: an agency sends its newsletter.
  - code: kunsthaus
    domain: kunsthaus-beispiel.ch
    zoneId: Z0KUNSTHAUS000000NEW
    dmarc: { policy: none, rua: ["mailto:dmarc@kunsthaus-beispiel.ch"] } # the agency is not set up yet
`;

export const AGENCY_IP = '198.51.100.77';
export const DAYS = 20;

/** Day `i` (0 = the oldest) of the scenario, as report begin time: whole UTC days ending the day before yesterday. */
export function dayStart(i: number, now = Date.now() / 1000): number {
  return Math.floor(now / DAY) * DAY - (DAYS + 1 - i) * DAY;
}

/** One report per receiver and day for each institution; the agency mails on days 2, 9 and 16 (reported by Gmail). */
export function scenarioReports(now = Date.now() / 1000): { name: string; xml: string }[] {
  const files: { name: string; xml: string }[] = [];
  for (let i = 0; i < DAYS; i++) {
    const begin = dayStart(i, now);
    const spec = (org: string, domain: string, rows: ReportSpec['rows']): ReportSpec => ({ orgName: org, reportId: `${org}-${domain}-${i}`, domain, p: 'none', begin, rows, format: org === 'Yahoo' ? 'rfc9990' : 'rfc7489' });
    const workspace = { ip: '209.85.220.41', count: 5, dkimAligned: 'pass' as const, spfAligned: 'pass' as const, dkim: [['mosamuseum.com', 'google', 'pass']] as const, spf: [['mosamuseum.com', 'pass']] as const };
    files.push({ name: `google-mosa-${i}.xml`, xml: reportXml(spec('google.com', 'mosamuseum.com', [platformRow('mosamuseum.com', '192.0.2.25', 40), workspace])) });
    files.push({ name: `yahoo-mosa-${i}.xml`, xml: reportXml(spec('Yahoo', 'mosamuseum.com', [platformRow('mosamuseum.com', '192.0.2.25', 20)])) });
    files.push({ name: `outlook-mosa-${i}.xml`, xml: reportXml(spec('Outlook.com', 'mosamuseum.com', [platformRow('mosamuseum.com', '192.0.2.26', 10, true, 'stxsel2')])) });
    const agency = i % 7 === 2 ? [{ ip: AGENCY_IP, count: 30, dkim: [['mcsv.net', 'k1', 'pass']] as const, spf: [['mail77.atl31.mcsv.net', 'pass']] as const }] : [];
    files.push({ name: `google-kunsthaus-${i}.xml`, xml: reportXml(spec('google.com', 'kunsthaus-beispiel.ch', [platformRow('kunsthaus-beispiel.ch', '192.0.2.25', 30), ...agency])) });
    files.push({ name: `yahoo-kunsthaus-${i}.xml`, xml: reportXml(spec('Yahoo', 'kunsthaus-beispiel.ch', [platformRow('kunsthaus-beispiel.ch', '192.0.2.25', 20)])) });
  }
  return files;
}

/** Writes the reports into `dir` (created) and returns it. */
export function writeScenarioReports(dir: string, now?: number): string {
  mkdirSync(dir, { recursive: true });
  for (const f of scenarioReports(now)) writeFileSync(join(dir, f.name), f.xml);
  return dir;
}
