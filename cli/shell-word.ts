/** Characters no POSIX shell treats specially, anywhere in a word. */
const PLAIN = /^[A-Za-z0-9_/.,:@%+=-]+$/;

/**
 * `word` as one POSIX shell word, for a command printed for the user to paste: as it is when every character is
 * plain, else in single quotes (inside them only `'` itself needs care: `'\''`). A folder named `my dns` or
 * `$(rm -rf ~)` is then pasted as the folder it is.
 */
export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
