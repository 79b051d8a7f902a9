// Issue 20: validateHostname takes a valid name in one regular-expression test and checks the rest rule by rule.
// Both must agree with the rule as written: whatever the name, valid exactly when every part of the rule holds.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { validateHostname } from '../../model/names';
import { Problems } from '../../model/problems';

/** The rule, spelled out (RFC 1035 lengths, LDH labels, two labels or more, no all-numeric top label, no IP). */
function validByRule(name: string): boolean {
  if (name === '' || name.length > 253 || isIP(name) !== 0) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((l) => l.length >= 1 && l.length <= 63 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(l))) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1]!);
}

const label = fc.stringMatching(/^[a-z0-9-]{0,8}$/);
const names = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('.')),
  fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', '.', ':', '@', '*', '/', 'A', ' ', 'é'), maxLength: 20 }),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.')),
  fc.integer({ min: 60, max: 70 }).map((n) => `${'a'.repeat(n)}.example`),
  fc.integer({ min: 240, max: 260 }).map((n) => `${'a.'.repeat(Math.floor(n / 2))}org`.slice(-n)),
);

test('valid exactly when the rule holds, and a refused name gets its error', () => {
  fc.assert(
    fc.property(names, (name) => {
      const problems = new Problems();
      const valid = validateHostname(name, problems);
      expect(valid).toBe(validByRule(name));
      expect(problems.errors.length > 0).toBe(!valid);
    }),
    { numRuns: 3000 },
  );
});
