// The GitHub Actions matrix of `changed --matrix`: one stack per job while they fit, shards of consecutive stacks
// above GitHub's limit of 256 jobs, no job when nothing changed.
import { GITHUB_MATRIX_LIMIT, githubMatrix } from '../../pipeline/matrix';

const names = (n: number) => Array.from({ length: n }, (_, i) => `email-auth-inst${String(i).padStart(4, '0')}`);

describe('githubMatrix', () => {
  it('is empty when nothing changed', () => {
    expect(githubMatrix([])).toEqual({ include: [] });
  });

  it('gives each stack its own job up to the limit', () => {
    expect(githubMatrix(['a', 'b'])).toEqual({ include: [{ stacks: 'a' }, { stacks: 'b' }] });
    expect(githubMatrix(names(GITHUB_MATRIX_LIMIT)).include).toHaveLength(256);
    expect(githubMatrix(names(256)).include.every((e) => !e.stacks.includes(','))).toBe(true);
  });

  it.each([257, 600, 1000, 5000])('shards %i stacks into 256 jobs of sizes within one of each other, every stack once, in order', (n) => {
    const { include } = githubMatrix(names(n));
    expect(include).toHaveLength(256);
    const sizes = include.map((e) => e.stacks.split(',').length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(include.flatMap((e) => e.stacks.split(','))).toEqual(names(n));
  });

  it('takes another limit, and refuses one that is not a positive integer', () => {
    expect(githubMatrix(['a', 'b', 'c'], 2)).toEqual({ include: [{ stacks: 'a,b' }, { stacks: 'c' }] });
    expect(() => githubMatrix(['a'], 0)).toThrow(RangeError);
  });
});
