/**
 * One report mail (RFC 5322 bytes) → the reports in its attachments, with mailparser. RFC 7489 §7.2.1.1 and RFC 9990
 * §3 put the (gzip) report in an attachment; a mail whose whole body is the archive reads as one attachment too.
 * Attachments that are not reports, and mails without any report, are skipped and counted.
 */
import { REPORT_LIMITS, ReportLimits } from '../limits';
import { ReadItem, skipped, problem } from './read-item';
import { unpack } from './unpack';

export async function reportsInMail(source: Buffer, origin: string, limits: ReportLimits = REPORT_LIMITS): Promise<ReadItem[]> {
  const { simpleParser } = require('mailparser') as typeof import('mailparser');
  let attachments: { readonly filename?: string; readonly content: Buffer }[];
  try {
    const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    attachments = mail.attachments;
  } catch (e) {
    return [problem(origin, `is not a readable mail: ${(e as Error).message}`)];
  }
  const items: ReadItem[] = [];
  attachments.slice(0, limits.attachments).forEach((a, i) => {
    items.push(...unpack(a.content, `${origin} attachment ${a.filename ? JSON.stringify(a.filename) : i + 1}`, limits));
  });
  if (attachments.length > limits.attachments) items.push(problem(origin, `has ${attachments.length} attachments; only the first ${limits.attachments} were read`));
  const reports = items.filter((item) => item.kind !== 'skipped');
  // A mail without any report is one skipped input, whatever else it carried.
  return reports.length ? items : [skipped(origin, attachments.length ? 'no report among its attachments' : 'no attachment (not a report mail)')];
}
