// Terraform version constraints, as far as the lock-file check needs them.
import { satisfies } from '../../pipeline/version-constraint';

describe('satisfies', () => {
  it.each([
    ['5.100.0', '>= 5.100, < 7', true],
    ['6.25.0', '>= 5.100, < 7', true],
    ['7.0.0', '>= 5.100, < 7', false],
    ['5.99.9', '>= 5.100, < 7', false],
    ['5.14.0', '~> 5.14', true],
    ['5.99.0', '~> 5.14', true],
    ['6.0.0', '~> 5.14', false],
    ['5.13.9', '~> 5.14', false],
    ['5.14.9', '~> 5.14.1', true],
    ['5.15.0', '~> 5.14.1', false],
    ['5.14.0', '~> 5.14.1', false],
    ['5.100.0', '5.100.0', true],
    ['5.100.0', '= 5.100.0', true],
    ['5.100.1', '= 5.100.0', false],
    ['5.100.0', '!= 5.100.0', false],
    ['5.100.0', '> 5.99, <= 5.100.0', true],
    ['5.100.0', 'v5.100.0', true],
  ])('%s in "%s": %s', (version, constraint, expected) => {
    expect(satisfies(version, constraint)).toBe(expected);
  });

  it.each([
    ['5.100.0-beta1', '>= 5'],
    ['5.100.0', '>= five'],
    ['5.100.0', '>= 5.100, garbage'],
    ['x', '>= 1'],
  ])('undefined (terraform decides) for %s in "%s"', (version, constraint) => {
    expect(satisfies(version, constraint)).toBeUndefined();
  });
});
