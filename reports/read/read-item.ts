/**
 * What every reader yields, one at a time so that memory does not grow with the number of inputs: the XML text of
 * one report with its origin, or why an input was skipped (not a report) or refused (a problem to show).
 */
export type ReadItem =
  /**
   * `hold`, from a reader that moves what it read (IMAP `--move-to`): called when the report must stay where it is
   * for now (it is new, and the history that will hold it is not saved yet).
   */
  | { readonly kind: 'xml'; readonly origin: string; readonly xml: string; readonly hold?: () => void }
  | { readonly kind: 'skipped'; readonly origin: string; readonly reason: string }
  | { readonly kind: 'problem'; readonly origin: string; readonly message: string };

export const xmlItem = (origin: string, xml: string): ReadItem => ({ kind: 'xml', origin, xml });
export const skipped = (origin: string, reason: string): ReadItem => ({ kind: 'skipped', origin, reason });
export const problem = (origin: string, message: string): ReadItem => ({ kind: 'problem', origin, message });

/**
 * Thrown by a reader when nothing can be read at all (a path that does not exist, an IMAP server that does not
 * answer, a refused login): the command stops with exit code 2. Problems with one report are ReadItems instead.
 */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}
