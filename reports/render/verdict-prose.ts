/**
 * The verdict of one institution as sentences with the numbers, for the Markdown page: "Not yet ready for
 * `p=quarantine; t=y`: 9 days of reports at `p=none`, 14 needed; DMARC pass rate 97.9 % (979 of 1,000 messages),
 * 98 % needed." Written from the institution's numbers and the outcome of each readiness rule, with every value from
 * the config or a report as a code span (summary/markdown-text.ts); the failing sources are in the tables below it.
 */
import { md, MdText, plainText } from '../../summary/markdown-text';
import { InstitutionSummary } from '../analysis/summary';
import { count, percent, plural } from '../numbers';
import { Readiness } from '../readiness/evaluate';
import { describePolicy } from '../readiness/ladder';
import { daysNeeded } from '../readiness/rule';

/** Our own formatted numbers (`1,234`, `97.9 %`, `–`) as they are: digits and these signs are no Markdown. */
export const num = (text: string): MdText => (/^[0-9.,% –]*$/.test(text) ? { markdown: text, shape: text } : plainText(text));

/** One failed rule as a clause; a rule the page does not know keeps its own words, as a code span. */
function ruleClause(id: string, reason: string, s: InstitutionSummary): MdText {
  const t = s.thresholds;
  switch (id) {
    case 'days': {
      const stale = s.published && s.daysAtPolicy === 0 && s.published.p !== s.policy.p ? md`; receivers still saw ${`p=${s.published.p}`} on ${s.published.lastSeen}: deploy the config first` : md``;
      const need = daysNeeded(s.policy, t);
      return md`${num(plural(s.daysAtPolicy, 'day'))} of reports at ${describePolicy(s.policy)}, ${need.days} needed${need.forReject ? md` before ${'p=reject'}` : md``}${stale}`;
    }
    case 'blocking-sources': {
      const n = s.recent.blockingSources.filter((b) => !b.sender?.forwarder).length;
      return md`${num(plural(n, 'source'))} failed DMARC with ${t.blockingMessages} messages or more (and ${t.blockingShare} % of the mail) over the last ${s.recent.days} days: listed below with their fix`;
    }
    case 'messages':
      return md`${num(count(s.messages))} messages reported, ${num(count(t.messages))} needed`;
    case 'pass-rate':
      return md`DMARC pass rate ${num(percent(s.dmarcPass, s.messages))} (${num(count(s.dmarcPass))} of ${num(count(s.messages))} messages), ${t.passRate} % needed${s.failingSources.length > 0 ? md`: the largest failing sources are listed below` : md``}`;
    case 'platform-dkim':
      return md`${num(count(s.platform.messages - s.platform.alignedDkimPass))} of ${num(count(s.platform.messages))} messages signed by the platform failed aligned DKIM: check the DKIM CNAMEs with ${'email-auth verify'} and that signing is enabled at the platform`;
    case 'platform-signed':
      return md`no message signed by the platform (DKIM ${s.selectors.join('/')} with d=${s.domain}) in the reports: is DKIM signing enabled (a support request)?`;
    default:
      return md`${reason}`;
  }
}

/**
 * The verdict as prose that follows the status word: "for `p=quarantine; t=y`: 2 days of reports at `p=none`, 14
 * needed; …" after "⏳ not yet", the reasons alone after "❌ fix first".
 */
export function verdictProse(s: InstitutionSummary, r: Readiness): string {
  const failed = r.rules.filter((o) => !o.ok).map((o) => ruleClause(o.id, o.reason, s));
  const joined = failed.slice(1).reduce((all, c) => md`${all}; ${c}`, failed[0] ?? md``);
  const from = describePolicy(s.policy);
  switch (r.status) {
    case 'ready':
      return md`for ${r.next!.policy}: change the config to ${r.next!.configText}.`.markdown;
    case 'not-ready':
      return md`for ${r.next!.policy}: ${joined}.`.markdown;
    case 'fix-first':
      return md`${joined}.`.markdown;
    case 'at-last-step':
      return (failed.length > 0 ? md`${from} is the last step: nothing left to tighten (${joined}).` : md`${from} is the last step: nothing left to tighten.`).markdown;
  }
}
