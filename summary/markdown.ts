import { KIND_LABEL, recordKinds } from './classify';
import { tableCell, code, valueSpan } from './markdown-text';
import { addCounts, ChangeCounts, ChangeReport, countChanges, RecordChange, StackChanges } from './record-change';
import { Attention, findRisks, RiskContextOf, DEFAULT_RISK_CONTEXT } from './risks';
import { SYNTH_CAVEAT } from './from-synth';

/** First line of every summary: lets a pipeline find and update its earlier comment instead of adding one. */
export const SUMMARY_MARKER = '<!-- email-auth-dns summary -->';

/** The PR comment: headline with counts, what needs attention, then one table of record changes per stack. */
export function renderSummary(report: ChangeReport, contextOf: RiskContextOf = () => DEFAULT_RISK_CONTEXT): string {
  const changed = report.stacks.filter((s) => s.changes.length > 0);
  const unchanged = report.stacks.filter((s) => s.changes.length === 0);
  const total = report.stacks.map((s) => countChanges(s.changes)).reduce(addCounts, countChanges([]));
  const lines: string[] = [SUMMARY_MARKER];
  if (changed.length === 0) {
    lines.push('## DNS changes: none', '', `No DNS changes in ${stackList(report.stacks)}.`);
  } else {
    lines.push(`## DNS changes: ${countsText(total)}`, '', ...headlineTable(report.stacks, total));
    const attention = findRisks(changed.flatMap((s) => s.changes), contextOf);
    if (attention.length > 0) lines.push('', `### ⚠️ Needs attention (${attention.length})`, '', ...attention.map(attentionLine));
    for (const stack of changed) lines.push('', ...stackSection(stack));
    if (unchanged.length > 0) lines.push('', `No DNS changes in ${stackList(unchanged)}.`);
  }
  const other = report.stacks.reduce((n, s) => n + s.otherChanges, 0);
  if (other > 0) lines.push('', `${other} other resource change${other === 1 ? '' : 's'} (not DNS records) not shown.`);
  for (const s of report.stacks.filter((s) => s.changes.length === 0 && s.notes.length > 0)) lines.push('', ...s.notes.map((n) => `${code(s.stack)}: ${n}`));
  if (report.source === 'synth') lines.push('', `_${SYNTH_CAVEAT}_`);
  return `${lines.join('\n')}\n`;
}

/** `2 to create, 1 to change, 1 to destroy (1 replacement)`, as terraform counts. */
export function countsText(c: ChangeCounts): string {
  const parts = [`${c.create} to create`, `${c.update} to change`, `${c.destroy} to destroy`];
  if (c.import > 0) parts.unshift(`${c.import} to import`);
  const replaced = c.replace > 0 ? ` (${c.replace} replacement${c.replace === 1 ? '' : 's'})` : '';
  return `${parts.join(', ')}${replaced}`;
}

function headlineTable(stacks: readonly StackChanges[], total: ChangeCounts): string[] {
  const withImports = total.import > 0;
  const row = (label: string, c: ChangeCounts) => `| ${label} |${withImports ? ` ${c.import} |` : ''} ${c.create} | ${c.update} | ${c.destroy} | ${c.replace} |`;
  return [
    `| Stack |${withImports ? ' Import |' : ''} Create | Change | Destroy | of which replaced |`,
    `|---|${withImports ? '---:|' : ''}---:|---:|---:|---:|`,
    ...stacks.map((s) => row(code(s.stack), countChanges(s.changes))),
    ...(stacks.length > 1 ? [row('**Total**', total)] : []),
  ];
}

function attentionLine(a: Attention): string {
  return `- ${code(a.stack)} ${a.type} ${code(a.name)}: ${a.message}`;
}

function stackSection(stack: StackChanges): string[] {
  const lines = [
    `### ${code(stack.stack)}: ${countsText(countChanges(stack.changes))}`,
    '',
    ...stack.notes.flatMap((n) => [n, '']),
    '| Action | Name | Type | TTL | Before | After |',
    '|---|---|---|---|---|---|',
    ...stack.changes.map(changeRow),
  ];
  // One line per distinct note (a zone move forces every record to be replaced for the same reason).
  const notes = new Map<string, RecordChange[]>();
  for (const c of stack.changes.filter((c) => c.note)) notes.set(c.note!, [...(notes.get(c.note!) ?? []), c]);
  if (notes.size > 0) lines.push('');
  for (const [note, changes] of notes) lines.push(`- ${changes.map((c) => `${c.type} ${code(c.name)}`).join(', ')}: ${note}`);
  return lines;
}

function changeRow(c: RecordChange): string {
  const name = c.nameBefore ? `${code(c.nameBefore)} → ${code(c.name)}` : code(c.name);
  const kinds = recordKinds(c.name, c.type, c.after.length > 0 ? c.after : c.before).filter((k) => k !== 'other' && k !== 'mx');
  const type = `${c.typeBefore ? `${c.typeBefore} → ` : ''}${c.type}${kinds.length > 0 ? ` (${kinds.map((k) => KIND_LABEL[k]).join(', ')})` : ''}`;
  const action = c.importing && c.action !== 'import' ? `import, ${c.action}` : c.action;
  const after = c.afterUnknown ? '_(known after apply)_' : values(c.after, c.before, c.action);
  const cells = [action, name, type, ttlText(c), values(c.before, c.after, c.action), after];
  return `| ${cells.map(tableCell).join(' | ')} |`;
}

/** Values one per line; a value that differs from the other side is shown in full, since the reader compares it. */
function values(side: readonly string[], other: readonly string[], action: RecordChange['action']): string {
  const compared = action === 'update' || action === 'replace';
  return side.map((v) => valueSpan(v, compared && !other.includes(v))).join('<br>');
}

function ttlText(c: RecordChange): string {
  if (c.ttlBefore !== undefined && c.ttlAfter !== undefined && c.ttlBefore !== c.ttlAfter) return `${c.ttlBefore} → ${c.ttlAfter}`;
  return String(c.ttlAfter ?? c.ttlBefore ?? '');
}

function stackList(stacks: readonly StackChanges[]): string {
  if (stacks.length === 0) return 'any stack';
  return stacks.map((s) => code(s.stack)).join(', ');
}
