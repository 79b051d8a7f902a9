// Grouping "Needs attention": the same risk (same shape) in many records is one line with its count and a folded
// list; fewer stay one line each; order is kept.
import { attentionLines, groupAttention } from '../../summary/attention-groups';
import { Attention } from '../../summary/risks';

const risk = (stack: string, message: string, shape = message, name = `_dmarc.${stack}.example`): Attention => ({ stack, name, type: 'TXT', message, shape });

describe('groupAttention', () => {
  it('keeps fewer than three alike risks as single lines, in order', () => {
    const items = [risk('a', 'm1'), risk('b', 'm2'), risk('c', 'm1')];
    expect(groupAttention(items).map((e) => e.kind)).toEqual(['one', 'one', 'one']);
  });

  it('groups three or more of one shape where the first appears; the others keep their place', () => {
    const items = [risk('a', 'x'), risk('a', 'p=reject → p=none', 'p=… → p=…'), risk('b', 'y'), risk('b', 'p=quarantine → p=none', 'p=… → p=…'), risk('c', 'p=reject → p=none', 'p=… → p=…')];
    const entries = groupAttention(items);
    expect(entries.map((e) => (e.kind === 'one' ? e.item.message : `${e.header} ×${e.items.length}`))).toEqual(['x', 'p=… → p=… ×3', 'y']);
    expect(entries[1]).toMatchObject({ kind: 'group', alike: false });
  });

  it('uses the message itself as the header when every record has the same one', () => {
    const [entry] = groupAttention(['a', 'b', 'c', 'd'].map((s) => risk(s, 'DMARC policy loosened: `p=reject` → `p=none`', 'DMARC policy loosened: … → …')));
    expect(entry).toMatchObject({ kind: 'group', alike: true, header: 'DMARC policy loosened: `p=reject` → `p=none`' });
  });
});

describe('attentionLines', () => {
  const group = groupAttention(['a', 'b', 'c', 'd', 'a'].map((s, i) => risk(s, 'm', 'm', `n${i}`)))[0]!;

  it('writes the header with the count of records and stacks, then the records folded', () => {
    expect(attentionLines(group)).toEqual([
      '- m (5 records in 4 stacks)',
      '  <details><summary>5 records</summary>',
      '',
      '  - `a` `TXT` `n0`',
      '  - `b` `TXT` `n1`',
      '  - `c` `TXT` `n2`',
      '  - `d` `TXT` `n3`',
      '  - `a` `TXT` `n4`',
      '',
      '  </details>',
    ]);
  });

  it('lists at most `listed` records and counts the rest; 0 gives the header alone', () => {
    const lines = attentionLines(group, 2);
    expect(lines.filter((l) => l.startsWith('  - `'))).toHaveLength(2);
    expect(lines).toContain('  - … and 3 more: see the full report');
    expect(attentionLines(group, 0)).toEqual(['- m (5 records in 4 stacks)']);
  });

  it('gives each record its own message when the messages differ', () => {
    const [mixed] = groupAttention([risk('a', 'to `x`', 'to …'), risk('b', 'to `y`', 'to …'), risk('c', 'to `z`', 'to …')]);
    expect(attentionLines(mixed!)[0]).toBe('- to … (3 records in 3 stacks)');
    expect(attentionLines(mixed!)).toContain('  - `b` `TXT` `_dmarc.b.example`: to `y`');
  });
});
