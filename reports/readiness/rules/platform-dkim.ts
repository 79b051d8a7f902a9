/**
 * Every message the platform signed passed DKIM aligned with the From domain. A failure here is fixed before any
 * step: DKIM is the platform's only aligned path when it sends with its own bounce domain (SPF is not aligned),
 * so a stricter policy would drop that mail. Failures at sources known as forwarders or mailing lists (a message
 * passed on and modified) are told apart: they are expected, and nothing the institution publishes fixes them.
 */
import { count } from '../../numbers';
import { describeSources, ReadinessRule } from '../rule';
import { sourceName } from './blocking-sources';

export const platformDkim: ReadinessRule = {
  id: 'platform-dkim',
  check: ({ platform }) => {
    const failures = (s: (typeof platform.failingSources)[number]) => s.messages - s.dkimAlignedPass;
    const forwarded = platform.failingSources.filter((s) => s.sender?.forwarder);
    const atForwarders = forwarded.reduce((n, s) => n + failures(s), 0);
    const failed = platform.messages - platform.alignedDkimPass - atForwarders;
    const apart = atForwarders ? `; ${count(atForwarders)} more failed at forwarders, as expected (${forwarded.map((s) => sourceName(s)).join(', ')})` : '';
    if (failed === 0) return { ok: true, reason: `all ${count(platform.messages - atForwarders)} platform messages passed aligned DKIM${apart}` };
    return {
      ok: false,
      fixFirst: true,
      reason:
        `${count(failed)} of ${count(platform.messages)} platform messages failed aligned DKIM ` +
        `(from ${describeSources(platform.failingSources.filter((s) => !s.sender?.forwarder), failures)}): fix this first; ` +
        `check the DKIM CNAMEs with \`email-auth verify\` and that signing is enabled at the platform${apart}`,
    };
  },
};
