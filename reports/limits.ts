/**
 * Every bound of the report readers and the parser in one table. Report files, archives and mails come from anyone
 * who can send mail to the `rua` address: each bound keeps one hostile input from exhausting memory or time, and
 * the error that names the input also names the limit. Real reports are kilobytes to a few MB with a few hundred rows at
 * most; every bound here is many times that, and the XML bounds are checked while the text is read, so a refused
 * report never becomes a tree.
 */
export interface ReportLimits {
  /** Largest report XML, decompressed (per file, gzip member or zip archive): gzip and zip bombs stop here. */
  readonly reportBytes: number;
  /** Largest file, attachment or archive read as it is (compressed). */
  readonly fileBytes: number;
  /** Largest mail fetched from IMAP (attachments are base64, a third larger than the file). */
  readonly mailBytes: number;
  /** Files read from the paths given, folders included. */
  readonly files: number;
  /** Entries of one zip archive, folders and skipped names included. */
  readonly zipEntries: number;
  /** Attachments looked at in one mail. */
  readonly attachments: number;
  /** Mails read from the mailbox in one run; the rest wait for the next run. */
  readonly mails: number;
  /** Nesting depth of the XML (a report needs 5). */
  readonly xmlDepth: number;
  /**
   * Elements of one report, counted while it is read: the tree never holds more. A row of a real report has about
   * 20 elements in 440 bytes, so the largest report allowed (`reportBytes`) holds about 1.5 million. Comments, CDATA
   * sections and processing instructions count too: each costs the reader as much as an element.
   */
  readonly xmlElements: number;
  /** Characters of one element or attribute name: the longest in a report has 20. */
  readonly xmlNameChars: number;
  /** Attributes of one element: a report's root declares 3 or 4 namespaces, the other elements none. */
  readonly xmlAttributes: number;
  /**
   * Characters of one attribute value, and of the text of one element. The reader passes over either with one search
   * and keeps no copy, so these bounds are about sanity, not cost: the longest real values have a few hundred
   * characters. Text values the parser reads are held to `valueChars` there, with the field named.
   */
  readonly xmlAttributeChars: number;
  readonly xmlTextChars: number;
  /** `record` rows in one report. */
  readonly records: number;
  /** DKIM results in one row (RFC 9990 §2.1.7: "within reason"). */
  readonly dkimPerRow: number;
  /** Characters of any one text value (org_name, report_id, a domain...). */
  readonly valueChars: number;
  /** Messages in one row: more than any receiver sees from one IP in a day. */
  readonly rowCount: number;
  /** Longest reporting period of one report (RFC 9990: daily or more often; some send weekly). */
  readonly periodSeconds: number;
  /** Distinct sources (IP per institution) kept in all; further ones are summed as "other sources". */
  readonly sources: number;
  /** Folder depth followed below a path given. */
  readonly folderDepth: number;
}

const MiB = 1024 * 1024;

export const REPORT_LIMITS: ReportLimits = Object.freeze({
  reportBytes: 32 * MiB,
  fileBytes: 32 * MiB,
  mailBytes: 48 * MiB,
  files: 100_000,
  zipEntries: 16,
  attachments: 16,
  mails: 5_000,
  xmlDepth: 16,
  xmlElements: 2_000_000,
  xmlNameChars: 256,
  xmlAttributes: 32,
  xmlAttributeChars: 4 * MiB,
  xmlTextChars: 4 * MiB,
  records: 200_000,
  dkimPerRow: 64,
  valueChars: 1_000,
  rowCount: 1_000_000_000,
  periodSeconds: 31 * 24 * 3600,
  sources: 50_000,
  folderDepth: 8,
});

/** `32 MiB`, `1,000`: a limit as the error messages show it. */
export function showBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes.toLocaleString('en')} bytes`;
}
