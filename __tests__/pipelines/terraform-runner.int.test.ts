// The one place terraform starts: its environment, the plugin cache folder, timeouts, bounded output, and terraform's
// text printed with control characters escaped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPluginCacheDir, MAX_CAPTURED_BYTES, TailBuffer, Terraform, terraformError, terraformText } from '../../pipeline/terraform';
import { cleanupTerraformDirs, describeWithTerraform, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

const runner = (env: NodeJS.ProcessEnv = process.env) => new Terraform({ env, pluginCacheDir: join(scratchDir(), 'cache'), parallel: 2 });

describe('Terraform (no terraform needed)', () => {
  it('sets automation, no prompts, no update check and the plugin cache on top of the caller\'s environment', () => {
    const tf = new Terraform({ env: { PATH: '/bin', AWS_PROFILE: 'ops', TF_INPUT: '1' }, pluginCacheDir: '/x/cache', parallel: 1 });
    expect(tf.env).toEqual({ PATH: '/bin', AWS_PROFILE: 'ops', TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', TF_PLUGIN_CACHE_DIR: '/x/cache' });
  });

  it('without a plugin cache, the caller\'s TF_PLUGIN_CACHE_DIR is left out too', () => {
    const tf = new Terraform({ env: { PATH: '/bin', TF_PLUGIN_CACHE_DIR: '/theirs' }, pluginCacheDir: undefined, parallel: 1 });
    expect(tf.env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
  });

  it('the default plugin cache is a user cache folder CI can keep (XDG_CACHE_HOME, else ~/.cache)', () => {
    expect(defaultPluginCacheDir({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/email-auth/terraform-plugins');
    expect(defaultPluginCacheDir({ HOME: '/h' })).toBe('/h/.cache/email-auth/terraform-plugins');
  });

  it('a missing terraform is a result that says so, not an exception', async () => {
    const r = await runner({ PATH: '/nonexistent' }).run(['version'], scratchDir(), { timeoutMs: 10_000 });
    expect(r).toMatchObject({ exitCode: null, failure: 'terraform was not found on PATH (install Terraform >= 1.7)' });
    expect(terraformError(r)).toBe('terraform was not found on PATH (install Terraform >= 1.7)');
  });

  it('terraformText shows control characters as escapes, one indented line per line', () => {
    expect(terraformText('Error: bad\n::error::x\u001b[31m\r\u202e')).toEqual(['    Error: bad', '    ::error::x\\x1b[31m\\x0d\\u{202e}']);
  });

  it('TailBuffer keeps the end of what is written, and says how much it left out', () => {
    const tail = new TailBuffer(10);
    tail.push(Buffer.from('abc'));
    expect(tail.text()).toBe('abc');
    for (const chunk of ['defgh', 'ijklmnopqrstu', 'vw']) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe('[13 bytes of output left out]\nnopqrstuvw');
  });

  it(`captures at most ${MAX_CAPTURED_BYTES} bytes per stream`, () => {
    const tail = new TailBuffer(MAX_CAPTURED_BYTES);
    for (let i = 0; i < 100; i++) tail.push(Buffer.alloc(64 * 1024, 65 + (i % 26)));
    expect(tail.text()).toMatch(/^\[6291456 bytes of output left out\]\n/);
    expect(tail.text().length).toBe(MAX_CAPTURED_BYTES + '[6291456 bytes of output left out]\n'.length);
  });

  it('terraformError keeps the end of long output', () => {
    const text = terraformError({ exitCode: 1, stdout: '', stderr: `${'x'.repeat(20_000)}END`, seconds: 1 }, 100);
    expect(text).toHaveLength(101);
    expect(text.endsWith('END')).toBe(true);
  });
});

describeWithTerraform('Terraform (real binary)', () => {
  it('runs terraform and creates the plugin cache folder', async () => {
    const tf = runner();
    expect(await tf.version()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(tf.pluginCacheDir!)).toBe(true);
  });

  it('interrupts a run that outlasts its timeout', async () => {
    const r = await runner().run(['version'], scratchDir(), { timeoutMs: 1 });
    expect(r.exitCode).toBeNull();
    expect(r.failure).toBe('terraform version did not finish within 0.001 s and was stopped');
  });

  it('writes stdout to a file when asked, and stops a run that writes more than allowed', async () => {
    const dir = scratchDir();
    const ok = await runner().run(['version', '-json'], dir, { timeoutMs: 30_000, stdoutFile: { path: join(dir, 'v.json'), maxBytes: 1 << 20 } });
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')).terraform_version).toMatch(/^\d/);
    const big = await runner().run(['version', '-json'], dir, { timeoutMs: 30_000, stdoutFile: { path: join(dir, 'w.json'), maxBytes: 10 } });
    expect(big.failure).toBe('terraform version wrote more than 10 bytes and was stopped');
    expect(readFileSync(join(dir, 'w.json'), 'utf8').length).toBeLessThanOrEqual(10);
  });
});
