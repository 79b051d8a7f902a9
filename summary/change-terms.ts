/**
 * What changed in one record set, as the lines of its "Change" cell: an SPF record term by term
 * (`+ include:servers.mcsv.net` (Mailchimp), `- ip4:198.51.100.7`, `~all` → `-all`), a DMARC record tag by tag
 * (`p`: `none` → `quarantine`, `+ t=y`), a TXT set value by value, a CNAME as old → new target. The whole SPF or
 * DMARC record stays one click away in a `<details>`. Every value is a code span (markdown-text.ts); the lines are
 * joined with `<br>` inside a table cell.
 */
import { diffDmarc } from '../model/dmarc-diff';
import { senderBySpfInclude } from '../model/known-senders';
import { diffSpf, SpfDiff } from '../model/spf-diff';
import { valueKind } from './classify';
import { code, plainText, valueSpan } from './markdown-text';
import { RecordChange } from './record-change';

/** The lines of a change's cell; `max` bounds each value (a shortened summary's tables). */
export function changeLines(c: RecordChange, max = Infinity): string[] {
  const values = (side: readonly string[]) => side.map((v) => valueSpan(v, false, max));
  if (c.afterUnknown) return [...(c.before.length > 0 ? values(c.before).map((v) => `- ${v}`) : []), '_(known after apply)_'];
  if (c.action === 'forget') return [...values(c.before), '_(stays in DNS, no longer managed)_'];
  if (c.action === 'create' || c.action === 'import') return values(c.after);
  if (c.action === 'delete') return values(c.before);
  const same = c.before.length === c.after.length && c.before.every((v, i) => v === c.after[i]);
  if (same) return c.action === 'replace' ? ['_(same values)_', ...values(c.after)] : ['_(values unchanged)_'];
  return valueLines(c, max);
}

/** An update or replacement whose values differ: each kind of value compared its own way. */
function valueLines(c: RecordChange, max: number): string[] {
  const nameBefore = c.nameBefore ?? c.name;
  const typeBefore = c.typeBefore ?? c.type;
  const kindOf = (side: 'before' | 'after', v: string) => (side === 'before' ? valueKind(nameBefore, typeBefore, v) : valueKind(c.name, c.type, v));
  const pair = (kind: 'spf' | 'dmarc') => {
    const [was, now] = [c.before.filter((v) => kindOf('before', v) === kind), c.after.filter((v) => kindOf('after', v) === kind)];
    return was.length === 1 && now.length === 1 && was[0] !== now[0] ? ([was[0]!, now[0]!] as const) : undefined;
  };
  const lines: string[] = [];
  const handled = new Set<string>();
  const spf = pair('spf');
  const spfDiff = spf && diffSpf(spf[0], spf[1]);
  if (spf && spfDiff) {
    lines.push(...spfLines(spfDiff, max), wholeRecord('whole SPF record', spf[0], spf[1], max));
    spf.forEach((v) => handled.add(v));
  }
  const dmarc = pair('dmarc');
  const tags = dmarc && diffDmarc(dmarc[0], dmarc[1]);
  if (dmarc && tags) {
    lines.push(...tags.map((t) => tagLine(t.tag, t.before, t.after, max)), wholeRecord('whole DMARC record', dmarc[0], dmarc[1], max));
    dmarc.forEach((v) => handled.add(v));
  }
  const removed = c.before.filter((v) => !handled.has(v) && !c.after.includes(v));
  const added = c.after.filter((v) => !handled.has(v) && !c.before.includes(v));
  // A single value replaced by another (a CNAME target, one MX host): old → new.
  if (removed.length === 1 && added.length === 1 && c.before.length === 1 && c.after.length === 1) {
    lines.push(`${valueSpan(removed[0]!, true, max)} → ${valueSpan(added[0]!, true, max)}`);
  } else {
    lines.push(...removed.map((v) => `- ${valueSpan(v, true, max)}`), ...added.map((v) => `+ ${valueSpan(v, true, max)}`));
  }
  return lines;
}

/** `+ include:…` (with the service's name when known), `- ip4:…`, `~all` → `-all`. */
function spfLines(d: SpfDiff, max: number): string[] {
  const named = (text: string, includeOf?: string) => {
    const service = includeOf === undefined ? undefined : senderBySpfInclude(includeOf);
    return `${code(text, max)}${service ? ` (${plainText(service.name).markdown})` : ''}`;
  };
  return [
    ...d.added.map((t) => `+ ${named(t.text, t.name === 'include' ? t.value : undefined)}`),
    ...d.removed.map((t) => `- ${named(t.text, t.name === 'include' ? t.value : undefined)}`),
    ...(d.all ? [`${code(d.all.from, max)} → ${code(d.all.to, max)}`] : []),
  ];
}

/** `p`: `none` → `quarantine`; `+ t=y`; `- pct=50`. Tag names are letters only (the parser's grammar). */
function tagLine(tag: string, before: string | undefined, after: string | undefined, max: number): string {
  if (before === undefined) return `+ ${code(`${tag}=${after}`, max)}`;
  if (after === undefined) return `- ${code(`${tag}=${before}`, max)}`;
  return `${code(tag, max)}: ${code(before, max)} → ${code(after, max)}`;
}

/**
 * Both whole records, folded: the diff is what a reviewer reads, the records what they may check it against. Inside a
 * table cell the HTML tags are inline, so the text between them is Markdown: the values are code spans.
 */
function wholeRecord(label: string, before: string, after: string, max: number): string {
  return `<details><summary>${label}</summary>before: ${code(before, max)}<br>after: ${code(after, max)}</details>`;
}
