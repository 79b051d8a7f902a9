import { terminalText } from '../../model/terminal-text';

describe('terminalText', () => {
  test.each([
    ['plain', 'mosamuseum.com', 'mosamuseum.com'],
    ['newline cannot start a workflow command', 'a.example\n::error::forged', 'a.example\\x0a::error::forged'],
    ['carriage return', 'x\ry', 'x\\x0dy'],
    ['ESC sequence', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['NUL and DEL', '\x00\x7f', '\\x00\\x7f'],
    ['C1 control (CSI)', 'a\u009bb', 'a\\x9bb'],
    ['bidi override', 'abc\u202edcba', 'abc\\u{202e}dcba'],
    ['bidi isolate', '\u2066x\u2069', '\\u{2066}x\\u{2069}'],
    ['line separator', 'a\u2028b', 'a\\u{2028}b'],
    ['zero-width space and BOM', '\u200bx\ufeff', '\\u{200b}x\\u{feff}'],
    ['non-ASCII letters stay', 'müller.ch ✓', 'müller.ch ✓'],
    ['backslash stays', 'a\\b', 'a\\b'],
  ])('%s', (_label, input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });

  test('the result never holds a control character', () => {
    const all = Array.from({ length: 0x250 }, (_, i) => String.fromCharCode(i)).join('');
    expect(terminalText(all)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });
});
