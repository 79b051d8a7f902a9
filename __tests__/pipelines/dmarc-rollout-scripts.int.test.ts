// The propose job's shell steps of dmarc-reports.yml, run as GitHub runs them (bash -eo pipefail) against a local
// bare repository standing in for GitHub, with a `gh` on PATH that records its calls and answers `pr list` from a file:
// the history lands on its own branch (a new commit only when it changed), the config edit on dmarc-rollout with one
// pull request created, then updated; with no ready institution nothing is pushed and the stale pull request closed.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const workflow = parse(readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'dmarc-reports.yml'), 'utf8')) as {
  env: Record<string, string>;
  jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
};
const script = (name: string) => workflow.jobs.propose!.steps.find((s) => s.name?.startsWith(name))!.run!;
const SAVE = script('Save the history');
const PR = script('Open, update or close');

const CONFIG = 'institutions:\n  - code: mosa # the museum\n    dmarc: { policy: none }\n';
const EDITED = CONFIG.replace('{ policy: none }', '{ policy: quarantine, t: true }');

describe('the propose job against a local repository', () => {
  let dir: string;
  let work: string;
  let origin: string;
  let sha: string;
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollout-job-'));
    origin = join(dir, 'origin.git');
    work = join(dir, 'work');
    git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
    git(dir, 'clone', '-q', origin, work);
    git(work, 'config', 'user.name', 'test');
    git(work, 'config', 'user.email', 'test@example.org');
    writeFileSync(join(work, 'institutions.yaml'), CONFIG);
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'main');
    git(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    sha = git(work, 'rev-parse', 'HEAD');
    // A gh that records its calls; `pr list` answers what the file "open-pr" holds.
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'gh'), `#!/bin/sh\necho "$*" >> "${join(dir, 'gh.log')}"\nif [ "$1 $2" = "pr list" ]; then cat "${join(dir, 'open-pr')}" 2>/dev/null; fi\nexit 0\n`);
    chmodSync(join(dir, 'bin', 'gh'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The digest job's artifact: the history folder, the config as --propose left it, the pull request text. */
  function artifact(config: string, historyLine: string): void {
    const rollout = join(dir, 'runner', 'rollout');
    rmSync(rollout, { recursive: true, force: true });
    mkdirSync(join(rollout, 'history-branch', 'history', 'mosa'), { recursive: true });
    writeFileSync(join(rollout, 'history-branch', 'history', 'mosa', '2026-11.txt'), historyLine);
    writeFileSync(join(rollout, 'institutions.yaml'), config);
    writeFileSync(join(rollout, 'pr-body.md'), '<!-- email-auth-dns dmarc-rollout -->\nbody\n');
  }

  function run(text: string): { status: number | null; out: string } {
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', text], {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: '1',
        HISTORY_BRANCH: workflow.env.HISTORY_BRANCH,
        ROLLOUT_BRANCH: workflow.env.ROLLOUT_BRANCH,
        RUNNER_TEMP: join(dir, 'runner'),
        GITHUB_SHA: sha,
        GITHUB_RUN_ID: '42',
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_REPOSITORY: 'org/dns',
        BASE: 'main',
        GH_TOKEN: 'token',
      },
    });
    return { status: result.status, out: `${result.stdout}${result.stderr}` };
  }
  const ghCalls = () => (existsSync(join(dir, 'gh.log')) ? readFileSync(join(dir, 'gh.log'), 'utf8').trim().split('\n') : []);
  const branch = (name: string) => spawnSync('git', ['rev-parse', '--verify', '-q', `refs/heads/${name}`], { cwd: origin, encoding: 'utf8' }).stdout.trim();
  const show = (ref: string, path: string) => git(origin, 'show', `${ref}:${path}`);

  test('first week: the history on its own branch, the edit on dmarc-rollout, one pull request created', () => {
    artifact(EDITED, '2026-11-02 report google.com r1 1 2 p=none\n');
    expect(run(SAVE).status).toBe(0);
    expect(show('dmarc-history', 'history/mosa/2026-11.txt')).toBe('2026-11-02 report google.com r1 1 2 p=none');
    // Its own line of commits: nothing of main on it.
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'dmarc-history')).toBe('history/mosa/2026-11.txt');
    expect(git(work, 'rev-parse', 'HEAD')).toBe(sha);

    expect(run(PR).status).toBe(0);
    expect(show('dmarc-rollout', 'institutions.yaml')).toBe(EDITED.trimEnd());
    expect(git(origin, 'rev-parse', 'dmarc-rollout^')).toBe(sha);
    expect(ghCalls()).toEqual(['pr list --head dmarc-rollout --state open --json number --jq .[0].number // empty', `pr create --head dmarc-rollout --base main --title DMARC: next rollout steps --body-file ${join(dir, 'runner', 'rollout', 'pr-body.md')}`]);
  });

  test('a later week: the history gets a commit only when it changed; the open pull request is updated', () => {
    artifact(EDITED, 'one\n');
    run(SAVE);
    const first = branch('dmarc-history');
    git(work, 'switch', '-q', '--detach', sha);
    run(SAVE);
    expect(branch('dmarc-history')).toBe(first);
    artifact(EDITED, 'one\ntwo\n');
    run(SAVE);
    expect(git(origin, 'rev-parse', 'dmarc-history^')).toBe(first);

    writeFileSync(join(dir, 'open-pr'), '7\n');
    expect(run(PR).status).toBe(0);
    expect(ghCalls().at(-1)).toBe(`pr edit 7 --body-file ${join(dir, 'runner', 'rollout', 'pr-body.md')}`);
  });

  test('no institution ready: nothing pushed, the stale pull request closed; none open: nothing at all', () => {
    artifact(CONFIG, 'one\n');
    writeFileSync(join(dir, 'open-pr'), '7\n');
    const closed = run(PR);
    expect(closed.status).toBe(0);
    expect(closed.out).toContain('no institution is ready for its next DMARC step');
    expect(branch('dmarc-rollout')).toBe('');
    expect(ghCalls().at(-1)).toMatch(/^pr close 7 --delete-branch --comment No institution is ready for its next DMARC step any more \(run https:\/\/github\.example\/org\/dns\/actions\/runs\/42\): closed\.$/);
    rmSync(join(dir, 'open-pr'));
    rmSync(join(dir, 'gh.log'));
    expect(run(PR).status).toBe(0);
    expect(ghCalls()).toEqual(['pr list --head dmarc-rollout --state open --json number --jq .[0].number // empty']);
  });

  test('the artifact cannot put other files on the branches: only the history folder and the config are copied', () => {
    artifact(EDITED, 'one\n');
    cpSync(join(dir, 'runner', 'rollout', 'pr-body.md'), join(dir, 'runner', 'rollout', 'evil.sh'));
    run(SAVE);
    run(PR);
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'dmarc-rollout')).toBe('institutions.yaml');
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'dmarc-history')).toBe('history/mosa/2026-11.txt');
  });
});
