/**
 * No source besides the platform failed DMARC with a meaningful volume over the last 90 days, before the step to
 * `p=reject`: at `p=reject` its mail would bounce, and a sender that mails once a month (season renewals, on-sales)
 * does not show up in a two-week window. Each blocking source is named with its service and fix where known.
 * Forwarders and mailing lists are listed apart and do not block: their failures are not the institution's to fix.
 */
import { BlockingSource } from '../../analysis/summary';
import { count } from '../../numbers';
import { ReadinessRule, stepsToReject } from '../rule';

export const blockingSources: ReadinessRule = {
  id: 'blocking-sources',
  check: (s, t) => {
    if (!stepsToReject(s.policy)) return { ok: true, reason: 'failing sources block the step to p=reject only' };
    const blocking = s.recent.blockingSources.filter((b) => !b.sender?.forwarder);
    const forwarded = s.recent.blockingSources.filter((b) => b.sender?.forwarder);
    const apart = forwarded.length ? `; not counted, forwarders whose failures are expected: ${forwarded.map(sourceName).join(', ')}` : '';
    const bar = `${count(t.blockingMessages)} failing messages and ${t.blockingShare} % of the last ${s.recent.days} days' ${count(s.recent.messages)} messages`;
    if (blocking.length === 0) return { ok: true, reason: `no source besides the platform failed DMARC with ${bar}${apart}` };
    return { ok: false, reason: `${blocking.length === 1 ? 'a source' : `${blocking.length} sources`} failed DMARC with ${bar} or more: ${blocking.map(describeBlocking).join('; ')}${apart}` };
  },
};

/** `198.51.100.77 (Mailchimp, mail77.mcsv.net)`. */
export function sourceName(b: Pick<BlockingSource, 'ip' | 'sender' | 'ptr'>): string {
  const names = [b.sender?.name, b.ptr?.name].filter(Boolean);
  return `${b.ip}${names.length ? ` (${names.join(', ')})` : ''}`;
}

/** `198.51.100.77 (Mailchimp, mail77.mcsv.net): 280 failing; fix: add include:servers.mcsv.net …`. */
function describeBlocking(b: BlockingSource): string {
  const fix = b.sender ? fixText(b.sender) : '';
  return `${sourceName(b)}: ${count(b.recentFailing)} failing${fix ? `; fix: ${fix}` : ''}`;
}

/** The fix of a known sender in one line: the include to add, then the DKIM set-up. */
export function fixText(sender: NonNullable<BlockingSource['sender']>): string {
  // A service with an include but no SPF advice of its own sends with its own envelope domain: SPF passes for it but
  // does not align with the From domain, so DKIM is what makes its mail pass DMARC.
  const spf = sender.spfInclude ? `add include:${sender.spfInclude} to the SPF record${sender.fix.spf ? '' : ' (SPF alone may not align with the From domain: the DKIM set-up does)'}` : sender.fix.spf;
  return [spf, sender.fix.dkim].filter(Boolean).join('; ');
}
