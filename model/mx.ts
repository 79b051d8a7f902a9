import { isPlainHostname, normalizeDomain, validateHostname } from './names';
import { Problems, show } from './problems';

/** One MX value. `host: "."` with priority 0 is a null MX (RFC 7505): the domain accepts no mail. */
export interface MxValue {
  /** 0–65535; lower is preferred. */
  readonly priority: number;
  /** Mail server host name. */
  readonly host: string;
}

export function buildMx(values: readonly MxValue[], problems: Problems): MxValue[] | undefined {
  const before = problems.errorCount;
  // Made at its length: a list grown by push holds at least 17 slots, and the records live to the end of the run.
  const out = new Array<MxValue>(values.length);
  // Loops, not forEach and findIndex: this runs for every institution.
  for (let i = 0; i < values.length; i++) {
    const mx = values[i]!;
    const host = mx.host.trim() === '.' ? '.' : normalizeDomain(mx.host);
    // The usual valid entry makes no problem view (problems.at makes one each time).
    if (!Number.isInteger(mx.priority) || mx.priority < 0 || mx.priority > 65535 || !isPlainHostname(host)) checkMx(mx, host, values.length, problems.at(i));
    let dup = -1;
    for (let j = 0; j < i && dup < 0; j++) if (out[j]!.host === host) dup = j;
    if (dup >= 0) problems.at(i).at('host').error(`${show(host)} is listed twice (mx[${dup}] and mx[${i}])`);
    out[i] = { priority: mx.priority, host };
  }
  return problems.errorCount > before ? undefined : out;
}

/** The rules of one MX entry that is not a plain valid one, in the order they are reported. */
function checkMx(mx: MxValue, host: string, count: number, at: Problems): void {
  if (!Number.isInteger(mx.priority) || mx.priority < 0 || mx.priority > 65535) {
    at.at('priority').error(`must be an integer between 0 and 65535 inclusive, got ${show(mx.priority)}`);
  }
  if (host === '.') {
    if (count > 1 || mx.priority !== 0) at.at('host').error('a null MX (".") must be the only MX, with priority 0 (RFC 7505)');
    else at.at('host').warn('null MX: the domain accepts no mail, so bounces and replies to the sender address are lost');
  } else {
    validateHostname(host, at.at('host'), 'MX host');
  }
}

/** Zone-file form of an MX value, as Route53 takes it: `10 mx1.example.org`. */
export function renderMx(mx: MxValue): string {
  return `${mx.priority} ${mx.host}`;
}
