import { spawnSync } from 'node:child_process';

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The commit a plans folder belongs to: git's HEAD in `cwd` (what was checked out and synthesized), else the
 * `GITHUB_SHA` of the workflow run; null when neither is known.
 */
export function currentCommit(cwd: string, env: NodeJS.ProcessEnv): string | null {
  const git = spawnSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd, env, encoding: 'utf8', timeout: 10_000 });
  const head = git.status === 0 ? git.stdout.trim() : '';
  if (COMMIT.test(head)) return head;
  const sha = env.GITHUB_SHA?.trim().toLowerCase();
  return sha && COMMIT.test(sha) ? sha : null;
}
