/**
 * The DMARC pass rate over the window reaches the threshold: below it, the next step would quarantine or reject
 * that share of the mail. The reason names the largest failing sources, to be authorised (SPF include, DKIM at the
 * other sender) or recognised as forgeries.
 */
import { count, percent } from '../../numbers';
import { describeSources, ReadinessRule } from '../rule';

export const passRate: ReadinessRule = {
  id: 'pass-rate',
  check: (s, t) => {
    // Integer comparison: 98 % of 100 messages is 98 passes, not 97.99999.
    if (s.messages > 0 && s.dmarcPass * 100 >= t.passRate * s.messages) return { ok: true, reason: `DMARC pass rate ${percent(s.dmarcPass, s.messages)} (need ${t.passRate} %)` };
    const sources = s.failingSources.length ? `; largest failing sources: ${describeSources(s.failingSources, (x) => x.messages - x.dmarcPass)}` : '';
    return { ok: false, reason: `DMARC pass rate ${percent(s.dmarcPass, s.messages)} (${count(s.dmarcPass)} of ${count(s.messages)}), need ${t.passRate} %${sources}` };
  },
};
