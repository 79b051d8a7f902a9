// Issue 12 item 6, at fleet scale: identical warnings of 1,000 institutions are printed once by our CLI and, through
// one annotation per warning, by cdktf-cli.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readSynthManifest } from '../../tfjson/synth-manifest';
import { REPO_ROOT } from '../helpers/run-app';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const { writeConfig } = require('../../scripts/bench-generate') as { writeConfig: (dir: string, count: number) => string };
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

describe('at 1,000 institutions', () => {
  const dir = scratchDir('email-auth-warnings-');
  const config = writeConfig(dir, 1000);
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), ...args], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });

  test('check prints each distinct warning once (500 institutions share one)', () => {
    const result = run(['check', '--config', config]);
    expect(result.status).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^warning: institutions\[\*\]\.spf\.mechanisms: 2 DNS lookups at the top level.* \(500 institutions: inst0000, inst0001, inst0004, inst0005, inst0008 and 495 more\)$/)]);
  });

  test('synth annotates the first stack once per warning, not every stack (what cdktf-cli prints)', () => {
    const outdir = join(dir, 'cdktf.out');
    expect(run(['synth', '--config', config], { CDKTF_OUTDIR: outdir }).status).toBe(0);
    const manifest = require(join(outdir, 'manifest.json')) as { stacks: Record<string, { annotations: { message: string }[] }> };
    const annotated = Object.entries(manifest.stacks).filter(([, s]) => s.annotations.length > 0);
    expect(annotated.map(([name, s]) => [name, s.annotations.length])).toEqual([['email-auth-inst0000', 1]]);
    expect(readSynthManifest(outdir)).toHaveLength(1000);
  }, 120_000);
});
