// The shortened summary's promise, for any report: it fits in the limit, starts with the marker and the headline,
// then the note, and "Needs attention" comes before every record table. Checked on generated reports, hostile
// lengths included (fast-check).
import fc from 'fast-check';
import { renderSummaries, SUMMARY_MARKER } from '../../summary/markdown';
import { ChangeReport, RecordChange, StackChanges } from '../../summary/record-change';
import { MIN_MAX_CHARS, textSize } from '../../summary/size-limit';

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 200, maxLength: 3000 }), fc.constantFrom('v=DMARC1; p=reject', 'v=DMARC1; p=none', 'v=spf1 include:spf.secutix.com -all', 'v=spf1 ~all'));
const change = (stack: string): fc.Arbitrary<RecordChange> =>
  fc.record({
    stack: fc.constant(stack),
    action: fc.constantFrom('create', 'update', 'delete', 'replace', 'import'),
    name: fc.oneof(fc.constantFrom('_dmarc.example.com', 'example.com', 'stxsel1._domainkey.example.com'), text),
    type: fc.constantFrom('TXT', 'CNAME', 'MX', '<h1>'),
    before: fc.array(text, { maxLength: 3 }),
    after: fc.array(text, { maxLength: 3 }),
  }) as fc.Arbitrary<RecordChange>;
const stack: fc.Arbitrary<StackChanges> = fc
  .oneof(fc.stringMatching(/^email-auth-[a-z0-9]{1,12}$/), fc.string({ minLength: 1, maxLength: 600 }))
  .chain((name) => fc.record({ stack: fc.constant(name), changes: fc.array(change(name), { maxLength: 6 }), otherChanges: fc.nat(3), notes: fc.array(fc.constant('a note'), { maxLength: 1 }) }));
const report: fc.Arbitrary<ChangeReport> = fc.record({ source: fc.constantFrom('plan', 'synth'), stacks: fc.array(stack, { minLength: 1, maxLength: 120 }) });

it('any report fits in any limit, headline and "Needs attention" first', () => {
  fc.assert(
    fc.property(report, fc.integer({ min: MIN_MAX_CHARS, max: 65_536 }), (r, max) => {
      const { comment, full, shortened } = renderSummaries(r, undefined, { maxChars: max });
      expect(textSize(comment)).toBeLessThanOrEqual(max);
      const lines = comment.split('\n');
      expect(lines[0]).toBe(SUMMARY_MARKER);
      // The mass-change banner, when the guard trips, stands between the marker and the headline.
      const heading = lines.findIndex((l) => l.startsWith('## DNS changes: '));
      expect(heading === 1 || (lines[1] === '> [!CAUTION]' && heading === 4)).toBe(true);
      expect(shortened).toBe(textSize(full) > max);
      if (!shortened) return;
      expect(lines[heading + 2]).toMatch(/^_Shortened to fit in a comment/);
      const attention = comment.indexOf('### ⚠️ Needs attention');
      const firstTable = comment.indexOf('| Action | Name |');
      if (attention >= 0 && firstTable >= 0) expect(attention).toBeLessThan(firstTable);
    }),
    { numRuns: 60 },
  );
});

it('a full report that fits is the comment, unchanged', () => {
  const small: ChangeReport = { source: 'plan', stacks: [{ stack: 'email-auth-a', changes: [{ stack: 'email-auth-a', action: 'create', name: 'example.com', type: 'TXT', before: [], after: ['v=spf1 ~all'] }], otherChanges: 0, notes: [] }] };
  const { comment, full, shortened } = renderSummaries(small, undefined, { maxChars: MIN_MAX_CHARS });
  expect([comment, shortened]).toEqual([full, false]);
  expect(comment).not.toContain('Shortened');
});

it('a report without changes over thousands of stacks is one line with their count (issue 12: fleet scale)', () => {
  const stacks: StackChanges[] = Array.from({ length: 5000 }, (_, i) => ({ stack: `email-auth-inst${i}`, changes: [], otherChanges: 0, notes: [] }));
  const { comment, shortened } = renderSummaries({ source: 'plan', stacks }, undefined, { maxChars: 60_000 });
  expect(shortened).toBe(false);
  expect(comment.split('\n')).toEqual([SUMMARY_MARKER, '## DNS changes: none', '', 'No DNS changes in 5000 other stacks.', '']);
});

it('gives "Needs attention" room before the stack table', () => {
  const names = Array.from({ length: 20 }, (_, i) => `email-auth-${String(i).padStart(2, '0')}-${'x'.repeat(300)}`);
  const stacks: StackChanges[] = names.map((stack) => ({
    stack,
    changes: [{ stack, action: 'update', name: '_dmarc.example.com', type: 'TXT', before: ['v=DMARC1; p=reject'], after: ['v=DMARC1; p=none'] }],
    otherChanges: 0,
    notes: [],
  }));
  const { comment } = renderSummaries({ source: 'plan', stacks }, undefined, { maxChars: MIN_MAX_CHARS });
  expect(textSize(comment)).toBeLessThanOrEqual(MIN_MAX_CHARS);
  expect(comment).toContain('- DMARC policy loosened: `p=reject` → `p=none` (20 records in 20 stacks)');
  expect(comment).toMatch(/Left out: the stack table; .*the record tables of 20 stacks/);
  expect(comment).not.toContain('| Stack |');
});
