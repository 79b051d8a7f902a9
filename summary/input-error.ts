/** Bad input to the summary (missing file, not JSON, not a plan...): printed as one line, never a stack trace. */
export class SummaryInputError extends Error {}
