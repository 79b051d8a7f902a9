// Issue 12 item 6: identical warnings of many institutions are printed once, with how many they apply to and the
// first few codes (the CLI at 1,000 institutions: __tests__/fleet/warning-groups.int.test.ts).
import { formatWarningGroup, groupWarnings } from '../../cli/warning-groups';
import { Problem } from '../../model/problems';

const warning = (path: string, message: string): Problem => ({ path, message, severity: 'warning' });

describe('groupWarnings', () => {
  const codes = ['mosa', 'zoo', 'opera', 'kunst', 'film', 'alt', 'neu'];
  const groups = groupWarnings(
    [
      ...codes.map((_, i) => warning(`institutions[${i}].spf.mechanisms`, '2 DNS lookups')),
      warning('institutions[1].mx[0].host', 'null MX'),
      warning('institutions[2].spf.mechanisms', 'something else'),
      warning('', 'not about an institution'),
    ],
    (i) => codes[i]!,
  );

  test('folds one message at one field across institutions, keeps the others apart', () => {
    expect(groups.map((g) => [g.problem.path, g.problem.message, g.codes])).toEqual([
      ['institutions[*].spf.mechanisms', '2 DNS lookups', codes],
      ['institutions[1].mx[0].host', 'null MX', ['zoo']],
      ['institutions[2].spf.mechanisms', 'something else', ['opera']],
      ['', 'not about an institution', []],
    ]);
  });

  test('a folded line names the count and the first five codes', () => {
    expect(groups.map(formatWarningGroup)).toEqual([
      'warning: institutions[*].spf.mechanisms: 2 DNS lookups (7 institutions: mosa, zoo, opera, kunst, film and 2 more)',
      'warning: institutions[1].mx[0].host: null MX',
      'warning: institutions[2].spf.mechanisms: something else',
      'warning: not about an institution',
    ]);
  });
});

test('institution codes in a folded line are escaped (an invalid code can still have warnings)', () => {
  const [group] = groupWarnings([warning('institutions[0].mx', 'w'), warning('institutions[1].mx', 'w')], (i) => (i === 0 ? 'a\n::error::x' : 'b\x1b[2J'));
  expect(formatWarningGroup(group!)).toBe('warning: institutions[*].mx: w (2 institutions: a\\x0a::error::x, b\\x1b[2J)');
});
