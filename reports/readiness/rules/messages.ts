/** Enough messages reported over the window for the pass rate to mean something. */
import { count } from '../../numbers';
import { ReadinessRule } from '../rule';

export const enoughMessages: ReadinessRule = {
  id: 'messages',
  check: (s, t) =>
    s.messages >= t.messages
      ? { ok: true, reason: `${count(s.messages)} messages (need ${count(t.messages)})` }
      : { ok: false, reason: `${count(s.messages)} messages reported, need ${count(t.messages)}` },
};
