/**
 * A failing source's service and fix in Markdown, for the reports page and the pull request body: the service's name
 * and its fix sentences are the project's own data (model/known-senders.ts) and are written as plain text; the
 * include to add, the PTR name and what matched are code spans (a PTR name is whatever its owner wrote).
 */
import { code, md, MdText, plainText } from '../../summary/markdown-text';
import { SourceSummary } from '../analysis/summary';
import { senderText } from './describe';

/** `Mailchimp` `(DKIM d=mcsv.net)`, a PTR name alone, or empty. */
export function senderMarkdown(s: SourceSummary): string {
  if (!s.sender) return s.ptr ? code(senderText(s)) : '';
  return `${plainText(s.sender.name).markdown} ${code(senderText(s).slice(s.sender.name.length).trim())}`;
}

/** add `include:servers.mcsv.net` to the SPF record; authenticate the domain…; or why a forwarder needs nothing. */
export function fixMarkdown(s: SourceSummary): string {
  const sender = s.sender;
  if (!sender) return '';
  if (sender.forwarder) return md`${plainText(sender.kind === 'mailing-list' ? 'a mailing list' : 'a forwarder')}: nothing to fix (${plainText(sender.fix.dkim ?? 'its failures are expected')})`.markdown;
  const parts: MdText[] = [];
  if (sender.spfInclude) {
    parts.push(md`add ${`include:${sender.spfInclude}`} to the SPF record${sender.fix.spf ? md`` : md` (SPF alone may not align with the From domain: the DKIM set-up does)`}`);
  } else if (sender.fix.spf) parts.push(plainText(sender.fix.spf));
  if (sender.fix.dkim) parts.push(plainText(sender.fix.dkim));
  return parts.map((p) => p.markdown).join('; ');
}
