/**
 * The reports show mail the platform signed (a selector of the sender profile with `d=` the domain). Without any,
 * nothing proves the platform's mail will pass: DKIM signing is switched on by a support request, and until then
 * the CNAMEs are published but nothing is signed.
 */
import { plural } from '../../numbers';
import { ReadinessRule } from '../rule';

export const platformSigned: ReadinessRule = {
  id: 'platform-signed',
  check: ({ platform, selectors, domain }) =>
    platform.messages > 0
      ? { ok: true, reason: `${plural(platform.messages, 'message')} signed by the platform` }
      : { ok: false, reason: `no message signed by the platform (DKIM ${selectors.join('/')} with d=${domain}) in the reports: is DKIM signing enabled (a support request)?` },
};
