/**
 * Every message the platform signed passed DKIM aligned with the From domain. A failure here is fixed before any
 * step: DKIM is the platform's only aligned path when it sends with its own bounce domain (SPF is not aligned),
 * so a stricter policy would drop that mail.
 */
import { count } from '../../numbers';
import { describeSources, ReadinessRule } from '../rule';

export const platformDkim: ReadinessRule = {
  id: 'platform-dkim',
  check: ({ platform }) => {
    const failed = platform.messages - platform.alignedDkimPass;
    if (failed === 0) return { ok: true, reason: `all ${count(platform.messages)} platform messages passed aligned DKIM` };
    return {
      ok: false,
      fixFirst: true,
      reason:
        `${count(failed)} of ${count(platform.messages)} platform messages failed aligned DKIM ` +
        `(from ${describeSources(platform.failingSources, (s) => s.messages - s.dkimAlignedPass)}): fix this first; ` +
        'check the DKIM CNAMEs with `email-auth verify` and that signing is enabled at the platform',
    };
  },
};
