import { normalizeDomain, validateHostname } from './names';
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
  const out: MxValue[] = [];
  values.forEach((mx, i) => {
    const at = problems.at(i);
    if (!Number.isInteger(mx.priority) || mx.priority < 0 || mx.priority > 65535) {
      at.at('priority').error(`must be an integer between 0 and 65535 inclusive, got ${show(mx.priority)}`);
    }
    const host = mx.host.trim() === '.' ? '.' : normalizeDomain(mx.host);
    if (host === '.') {
      if (values.length > 1 || mx.priority !== 0) at.at('host').error('a null MX (".") must be the only MX, with priority 0 (RFC 7505)');
      else at.at('host').warn('null MX: the domain accepts no mail, so bounces and replies to the sender address are lost');
    } else {
      validateHostname(host, at.at('host'), 'MX host');
    }
    const dup = out.findIndex((o) => o.host === host);
    if (dup >= 0) at.at('host').error(`${show(host)} is listed twice (mx[${dup}] and mx[${i}])`);
    out.push({ priority: mx.priority, host });
  });
  return problems.errorCount > before ? undefined : out;
}

/** Zone-file form of an MX value, as Route53 takes it: `10 mx1.example.org`. */
export function renderMx(mx: MxValue): string {
  return `${mx.priority} ${mx.host}`;
}
