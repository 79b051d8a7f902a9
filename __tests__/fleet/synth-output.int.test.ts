// Issue 9 item 4: the synth output is written whole into a temporary folder and swapped in, so readers (summary,
// verify --planned, terraform loops, cdktf-cli) never see a mix of two synths, stale stacks, or half a synth.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordsFromSynth } from '../../tfjson/records';
import { readSynthManifest } from '../../tfjson/synth-manifest';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { APP_SCRIPT, REPO_ROOT } from '../helpers/run-app';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const { writeConfig } = require('../../scripts/bench-generate') as { writeConfig: (dir: string, count: number) => string };

const mosa = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ' };
const zoo = { code: 'zoo', domain: 'zoo-basel.ch', provider: 'route53', zoneId: 'Z0ZOOBASEL0000000001' };

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

/** One project folder: a config file and its output folder, synthesized into again and again. */
function project() {
  const dir = scratchDir('email-auth-synth-out-');
  const outdir = join(dir, 'cdktf.out');
  const env = (config: string) => ({ ...process.env, EMAIL_AUTH_CONFIG: config, CDKTF_OUTDIR: outdir });
  const configFile = (config: object | string, name = 'institutions.json') => {
    if (typeof config === 'string') return config;
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(config));
    return file;
  };
  return {
    dir,
    outdir,
    synth: (config: object | string) => spawnSync(process.execPath, [join(REPO_ROOT, APP_SCRIPT)], { cwd: dir, env: env(configFile(config)), encoding: 'utf8' }),
    start: (config: object | string): ChildProcess => spawn(process.execPath, [join(REPO_ROOT, APP_SCRIPT)], { cwd: dir, env: env(configFile(config, 'big.json')), stdio: ['ignore', 'pipe', 'pipe'] }),
    stackDirs: () => readdirSync(join(outdir, 'stacks')).sort(),
    manifestStacks: () => readSynthManifest(outdir).map((s) => s.name),
  };
}

/** Resolves when `test()` holds, polling every 5 ms (for a child process to reach a point we can observe). */
async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
const stagingFolders = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('.cdktf.out.tmp-'));
/** Everything in an output folder, file by file, to compare two states of it exactly. */
const snapshot = (outdir: string) => {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(outdir, rel), { withFileTypes: true })) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(outdir, path), 'utf8');
    }
  };
  walk('');
  return files;
};

describe('a removed institution is gone from the output', () => {
  const p = project();
  let base: string;
  beforeAll(() => {
    expect(p.synth({ institutions: [mosa, zoo] }).status).toBe(0);
    base = join(p.dir, 'base-out');
    cpSync(p.outdir, base, { recursive: true });
    expect(p.synth({ institutions: [mosa] }).status).toBe(0);
  }, 120_000);

  test('its stack folder and its manifest entry are gone', () => {
    expect(p.stackDirs()).toEqual(['email-auth-mosa']);
    expect(p.manifestStacks()).toEqual(['email-auth-mosa']);
    expect(stagingFolders(p.dir)).toEqual([]);
  });

  test('summary --base/--head flags its stack as orphaned (its records stay live), instead of seeing nothing', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'summary', '--base', base, '--head', p.outdir], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('### ⚠️ Needs attention (1)');
    expect(run.stdout).toContain('- `email-auth-zoo`: Orphaned: the institution is gone from the config, but its records stay live');
  });

  test('readers trust manifest.json only: a stack folder it does not list is not read', () => {
    const stray = join(p.outdir, 'stacks', 'email-auth-stray');
    mkdirSync(stray);
    cpSync(join(base, 'stacks', 'email-auth-zoo', 'cdk.tf.json'), join(stray, 'cdk.tf.json'));
    expect([...new Set(recordsFromSynth(p.outdir).map((r) => r.stack))]).toEqual(['email-auth-mosa']);
  });

  test('a manifest that points outside the output folder is refused', () => {
    const outdir = join(p.dir, 'evil-out');
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'manifest.json'), JSON.stringify({ stacks: { x: { synthesizedStackPath: '../../../etc/passwd', workingDirectory: 'stacks/x' } } }));
    expect(() => readSynthManifest(outdir)).toThrow(/stack "x" points outside the output folder \("\.\.\/\.\.\/\.\.\/etc\/passwd"\)/);
  });
});

describe('a synth that is killed, or runs twice at once', () => {
  const p = project();
  let big: string;
  beforeAll(() => {
    big = writeConfig(p.dir, 300);
    expect(p.synth({ institutions: [mosa] }).status).toBe(0);
  }, 120_000);

  test('SIGKILL while writing leaves the previous output exactly as it was; the next synth cleans up', async () => {
    const before = snapshot(p.outdir);
    const child = start();
    await until(() => stagingFolders(p.dir).length > 0 && existsSync(join(p.dir, stagingFolders(p.dir)[0]!, 'stacks')), 'the synth to start writing');
    child.kill('SIGKILL');
    await exited(child);
    expect(snapshot(p.outdir)).toEqual(before);
    expect(p.synth({ institutions: [mosa, zoo] }).status).toBe(0);
    expect(p.stackDirs()).toEqual(['email-auth-mosa', 'email-auth-zoo']);
    expect(stagingFolders(p.dir)).toEqual([]);
    expect(existsSync(`${p.outdir}.lock`)).toBe(false);
  }, 120_000);

  test('a second synth into the same folder is refused while the first runs; the first completes', async () => {
    const first = start();
    const stderr: string[] = [];
    first.stderr!.on('data', (d) => stderr.push(String(d)));
    await until(() => existsSync(`${p.outdir}.lock`), 'the first synth to take the lock');
    const second = p.synth({ institutions: [mosa] });
    expect(second.status).toBe(2); // no verdict: busy;
    expect(second.stderr).toBe(`another synth (pid ${first.pid}) is writing ${p.outdir}: wait for it to finish (or remove ${p.outdir}.lock if no synth is running)\n`);
    expect(await exited(first)).toBe(0);
    expect(p.manifestStacks()).toHaveLength(300);
    expect(p.stackDirs()).toHaveLength(300);
  }, 120_000);

  test('a lock left by a process that is gone is taken over', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(`${p.outdir}.lock`, `${dead}\n`);
    expect(p.synth({ institutions: [zoo] }).status).toBe(0);
    expect(p.manifestStacks()).toEqual(['email-auth-zoo']);
  }, 120_000);

  function start(): ChildProcess {
    return p.start(big);
  }
});

describe('npx cdktf synth keeps working (cdktf-cli sets CDKTF_OUTDIR and cleans up removed stacks itself)', () => {
  test('after an institution is removed', () => {
    const dir = scratchDir('email-auth-cdktf-cli-');
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${join(REPO_ROOT, APP_SCRIPT)}`, output: 'cdktf.out', sendCrashReports: 'false' }));
    const cli = join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
    const run = (institutions: object[]) => {
      writeFileSync(join(dir, 'institutions.json'), JSON.stringify({ institutions }));
      return spawnSync(cli, ['synth'], { cwd: dir, env: { ...process.env, EMAIL_AUTH_CONFIG: join(dir, 'institutions.json'), CHECKPOINT_DISABLE: '1', CI: 'true' }, encoding: 'utf8' });
    };
    const first = run([mosa, zoo]);
    expect(first.status).toBe(0);
    const second = run([mosa]);
    expect(`${second.stdout}${second.stderr}`).not.toMatch(/ENOENT|Error:/);
    expect(second.status).toBe(0);
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks'))).toEqual(['email-auth-mosa']);
  }, 60_000);
});
