/**
 * Enough days of reports while receivers saw the policy the config publishes: a step is judged on how mail fares
 * under the current rung, and a config change that is not deployed yet has no days at all. The step to `p=reject`
 * needs more of them (`rejectDays`): monthly senders must have had their chance to show up at `p=quarantine`.
 */
import { describePolicy } from '../ladder';
import { plural } from '../../numbers';
import { daysNeeded, ReadinessRule } from '../rule';

export const daysAtPolicy: ReadinessRule = {
  id: 'days',
  check: (s, t) => {
    const policy = describePolicy(s.policy);
    const need = daysNeeded(s.policy, t);
    const forReject = need.forReject ? ' before p=reject' : '';
    if (s.daysAtPolicy >= need.days) return { ok: true, reason: `${plural(s.daysAtPolicy, 'day')} of reports at ${policy} (need ${need.days}${forReject})` };
    const seen = s.published && s.daysAtPolicy === 0 && s.published.p !== s.policy.p ? `; receivers still saw p=${s.published.p} on ${s.published.lastSeen}: deploy the config first` : '';
    return { ok: false, reason: `${plural(s.daysAtPolicy, 'day')} of reports at ${policy}, need ${need.days}${forReject}${seen}` };
  },
};
