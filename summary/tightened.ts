/**
 * Changes that make the records stricter: a DMARC policy higher in the one strictness order
 * (model/dmarc-strictness.ts: `p=none` → `p=quarantine; t=y` is the rollout's first step) and an SPF `all` term made
 * stricter (`~all` → `-all`). They need no attention, but a reviewer wants to see them: a rollout pull request then
 * reads as progress, in a short "Tightened" section of its own.
 */
import { parseDmarcRecord } from '../model/dmarc-record';
import { compareStrictness, levelOf, levelText } from '../model/dmarc-strictness';
import { diffSpf } from '../model/spf-diff';
import { md, MdText } from './markdown-text';
import { RecordChange } from './record-change';
import { Attention } from './risks';
import { POLICY_TAGS } from './risks/dmarc-loosened';
import { valuesOfKind } from './risks/values';

/** How strictly an `all` qualifier treats hosts the record does not list (RFC 7208 §4.7). */
const ALL_STRICTNESS: Record<string, number> = { '-': 3, '~': 2, '?': 1, '+': 0, '': 0 };

/** The tightenings of one change, each a sentence with its values as code spans. */
export function tightenings(change: RecordChange): MdText[] {
  if (change.action !== 'update' && change.action !== 'replace') return [];
  return [...dmarcTightened(change), ...spfTightened(change)];
}

/** Every tightening of the changes, with where it happens (grouped like "Needs attention" when alike). */
export function findTightenings(changes: readonly RecordChange[]): Attention[] {
  return changes.flatMap((c) => tightenings(c).map(({ markdown, shape }) => ({ stack: c.stack, name: c.name, type: c.type, message: markdown, shape })));
}

function dmarcTightened(change: RecordChange): MdText[] {
  const { before, after } = valuesOfKind(change, 'dmarc');
  if (before.length !== 1 || after.length !== 1) return [];
  const [prev, next] = [parseDmarcRecord(before[0]!), parseDmarcRecord(after[0]!)];
  if (next.errors.length > 0) return [];
  const out: MdText[] = [];
  for (const [tag, label] of POLICY_TAGS) {
    if (tag !== 'p' && prev.tags[tag] === undefined && next.tags[tag] === undefined) continue;
    const [was, is] = [levelOf(prev, tag), levelOf(next, tag)];
    if (was !== undefined && is !== undefined && compareStrictness(is, was) > 0) out.push(md`DMARC ${label} tightened: ${levelText(was, tag)} → ${levelText(is, tag)}`);
  }
  return out;
}

function spfTightened(change: RecordChange): MdText[] {
  const { before, after } = valuesOfKind(change, 'spf');
  if (before.length !== 1 || after.length !== 1) return [];
  const all = diffSpf(before[0]!, after[0]!)?.all;
  if (!all) return [];
  const strictness = (text: string) => ALL_STRICTNESS[/^[+\-~?]/.test(text) ? text[0]! : '']!;
  return strictness(all.to) > strictness(all.from) ? [md`SPF tightened: ${all.from} → ${all.to}`] : [];
}
