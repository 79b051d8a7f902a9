// flatText is the identity on values: it only changes how V8 holds the text (model/flat-text.ts).
import fc from 'fast-check';
import { flatText } from '../../model/flat-text';

test('flatText gives back the same text, whatever it is (spaces at either end included)', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string(), (a, b) => expect(flatText(a + b)).toBe(a + b)), { numRuns: 2000 });
  for (const text of ['', ' ', ' x', 'x ', '\u00a0v=spf1 -all\u2028', 'v=DMARC1; p=none', `${'a'.repeat(20)}.${'b'.repeat(30)}`]) expect(flatText(text)).toBe(text);
});
