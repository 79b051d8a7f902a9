// Issue 20: the text report passes plain values (printable ASCII and the DKIM arrow) through without terminalText's
// full test. Whatever the text, what it prints must be what terminalText makes of it.
import fc from 'fast-check';
import { terminalText } from '../../model/terminal-text';
import { shown } from '../../verify/report';

describe('shown', () => {
  test('equals terminalText for any text: control characters, bidi and format characters, lone or paired surrogates', () => {
    const odd = fc.constantFrom('\n', '\x1b', '\x7f', '\x85', '\u061c', '\u200b', '\u2028', '\u202e', '\u2066', '\ufeff', '\ud800', '\udc41', '\ud83d\ude00', '→', 'é', '\\');
    const text = fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), odd), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(shown(t)).toBe(terminalText(t));
      }),
      { numRuns: 2000 },
    );
  });

  test('plain values come back as they are, and unsafe ones escaped', () => {
    expect(shown('CNAME → sel1-v0000._domainkey.dkim.secutix.com, v=DKIM1 RSA 2048-bit key')).toBe('CNAME → sel1-v0000._domainkey.dkim.secutix.com, v=DKIM1 RSA 2048-bit key');
    expect(shown('p=\u202ereject\n::error')).toBe('p=\\u{202e}reject\\x0a::error');
    expect(shown('a \ud800 lone half')).toBe(terminalText('a \ud800 lone half'));
    expect(shown('a \ud800 lone half')).not.toContain('\ud800');
  });
});
