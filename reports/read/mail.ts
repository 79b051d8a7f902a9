/**
 * One report mail (RFC 5322 bytes) → the reports in its attachments, with mailparser. RFC 7489 §7.2.1.1 and RFC 9990
 * §3 put the (gzip) report in an attachment; a mail whose whole body is the archive reads as one attachment too.
 * Attachments that are not reports, and mails without any report, are skipped and counted. Attachments are unpacked
 * one at a time, as the analysis asks for them: sixteen attachments that each inflate to the limit per report cost
 * the memory of one.
 */
import { REPORT_LIMITS, ReportLimits } from '../limits';
import { ReadItem, skipped, problem } from './read-item';
import { unpack } from './unpack';

export async function* reportsInMail(source: Buffer, origin: string, limits: ReportLimits = REPORT_LIMITS): AsyncGenerator<ReadItem> {
  const { simpleParser } = require('mailparser') as typeof import('mailparser');
  let attachments: { readonly filename?: string; readonly content: Buffer }[];
  try {
    const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    attachments = mail.attachments;
  } catch (e) {
    yield problem(origin, `is not a readable mail: ${(e as Error).message}`);
    return;
  }
  // A mail without any report is one skipped input, whatever else it carried: the skipped attachments wait until a
  // report shows up (then they count one by one), or are replaced by that one line.
  const held: ReadItem[] = [];
  let reports = false;
  for (const [i, a] of attachments.slice(0, limits.attachments).entries()) {
    for (const item of unpack(a.content, `${origin} attachment ${a.filename ? JSON.stringify(a.filename) : i + 1}`, limits)) {
      if (item.kind === 'skipped' && !reports) held.push(item);
      else {
        if (!reports) yield* held.splice(0);
        reports = true;
        yield item;
      }
    }
  }
  if (attachments.length > limits.attachments) {
    if (!reports) yield* held.splice(0);
    reports = true;
    yield problem(origin, `has ${attachments.length} attachments; only the first ${limits.attachments} were read`);
  }
  if (!reports) yield skipped(origin, attachments.length ? 'no report among its attachments' : 'no attachment (not a report mail)');
}
