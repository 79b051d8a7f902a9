import { Io } from './command';

/** Characters gathered before one write. */
const CHUNK = 64 * 1024;

/**
 * Writes lines (each may hold newlines of its own) to `io.out` as if line by line, but in pieces of about 64 KB: a
 * write per line costs a system call each (9,000 for a verify report of 1,000 domains), and one string of the whole
 * output would keep every line alive until the end. `end()` writes what is left.
 */
export class LineWriter {
  private text: string | undefined = undefined;
  constructor(private readonly io: Io) {}

  line(line: string): void {
    const text = this.text === undefined ? line : `${this.text}\n${line}`;
    if (text.length >= CHUNK) {
      this.io.out(text);
      this.text = undefined;
    } else {
      this.text = text;
    }
  }

  end(): void {
    if (this.text !== undefined) this.io.out(this.text);
    this.text = undefined;
  }
}

/** {@link LineWriter} for lines an iterable gives. */
export function writeLines(io: Io, lines: Iterable<string>): void {
  const writer = new LineWriter(io);
  for (const line of lines) writer.line(line);
  writer.end();
}
