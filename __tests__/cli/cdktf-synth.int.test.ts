// Issue 16 item 2: under `npx cdktf synth`, the config's warnings come out as cdktf warnings (`WARN [stack]: …`), not
// as red `[ERROR] default - warning: …`. cdktf-cli logs every chunk the app writes to stderr as an error and prints
// its stdout as it is; it prints the stacks' annotations after the synth, warnings as WARN. One real run (slow: the
// CLI starts terraform to learn its version).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/run-app';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

test('npx cdktf synth: warnings as WARN, no [ERROR] line, and the line saying what was written', () => {
  const dir = scratchDir('email-auth-cdktf-synth-');
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${join(REPO_ROOT, 'scripts', 'app.js')}`, output: 'cdktf.out', sendCrashReports: 'false' }));
  // An empty terraform CLI configuration: terraform's own complaint about a missing one would be an [ERROR] too.
  writeFileSync(join(dir, 'terraform.rc'), '');
  const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['synth'], {
    cwd: dir,
    env: { ...process.env, EMAIL_AUTH_CONFIG: join(REPO_ROOT, 'institutions.yaml'), TF_CLI_CONFIG_FILE: join(dir, 'terraform.rc'), CHECKPOINT_DISABLE: '1', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  expect(run.status).toBe(0);
  expect(output).not.toMatch(/\[ERROR\]/);
  // The example's one warning, once, as cdktf's warning for the first stack it concerns.
  expect(output.match(/^WARN \[email-auth-mosa\]: institutions\[0\]\.spf\.mechanisms: 2 DNS lookups at the top level/gm)).toHaveLength(1);
  expect(output).toMatch(/^wrote 2 stacks \(none removed\) to cdktf\.out\/stacks$/m);
}, 240_000);
