/** How numbers read in every output of `reports`: `12,345`, `99.1 %`. */

export function count(n: number): string {
  return n.toLocaleString('en');
}

/**
 * `part` of `whole` in percent, rounded *down* to 0.1 so that a rate shown as 98.0 % is never below 98 %;
 * null when there is nothing to divide.
 */
export function rate(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.floor((part * 1000) / whole) / 10;
}

export function percent(part: number, whole: number): string {
  const r = rate(part, whole);
  return r === null ? '–' : `${r.toFixed(1)} %`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/** `2026-11-28`: a report time as a UTC day. */
export function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
