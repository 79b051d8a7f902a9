/**
 * Enough days of reports while receivers saw the policy the config publishes: a step is judged on how mail fares
 * under the current rung, and a config change that is not deployed yet has no days at all.
 */
import { describePolicy } from '../ladder';
import { plural } from '../../numbers';
import { ReadinessRule } from '../rule';

export const daysAtPolicy: ReadinessRule = {
  id: 'days',
  check: (s, t) => {
    const policy = describePolicy(s.policy);
    if (s.daysAtPolicy >= t.days) return { ok: true, reason: `${plural(s.daysAtPolicy, 'day')} of reports at ${policy} (need ${t.days})` };
    const seen = s.published && s.daysAtPolicy === 0 && s.published.p !== s.policy.p ? `; receivers still saw p=${s.published.p} on ${s.published.lastSeen}: deploy the config first` : '';
    return { ok: false, reason: `${plural(s.daysAtPolicy, 'day')} of reports at ${policy}, need ${t.days}${seen}` };
  },
};
