/**
 * GitHub Actions runs at most 256 jobs from one matrix.
 * @see https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow
 */
export const GITHUB_MATRIX_LIMIT = 256;

/** A matrix for `strategy.matrix` (through `fromJSON`): each entry's `stacks` goes to `plan --stacks`. */
export interface GithubMatrix {
  readonly include: readonly { readonly stacks: string }[];
}

/**
 * One entry per stack while they fit in `limit` entries; above that, `limit` entries of consecutive stacks whose sizes
 * differ by at most one. No stacks, no entries (`{"include":[]}`: the workflow skips the plan jobs).
 */
export function githubMatrix(stacks: readonly string[], limit = GITHUB_MATRIX_LIMIT): GithubMatrix {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`matrix limit must be a positive integer, got ${limit}`);
  const shards = Math.min(limit, stacks.length);
  const include: { stacks: string }[] = [];
  let next = 0;
  for (let i = 0; i < shards; i++) {
    // The first (length % shards) shards take one stack more.
    const size = Math.floor(stacks.length / shards) + (i < stacks.length % shards ? 1 : 0);
    include.push({ stacks: stacks.slice(next, next + size).join(',') });
    next += size;
  }
  return { include };
}
