// One provider copy for all stacks: with the provider served from a packed (zip) mirror, as from a registry, every
// `terraform init` without a usable plugin cache extracts its own copy (675 MB for aws 5.100). `plan` shares one
// plugin cache, which Terraform >= 1.4 uses only because each stack has the lock file (with the provider's h1 hash,
// which covers the package contents, so the hash of the unpacked mirror holds for the zip).
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSynthStacks } from '../../pipeline/read-synth';
import { addOfflineOverride, emailAuth, pipelineEnv, projectDir, route53Config, synthIn } from '../helpers/pipeline';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packedMirrorOf } = require('../../scripts/packed-mirror') as { packedMirrorOf: (mirror: string, scratch: string, provider: string) => { dir: string; providerBytes?: number } };
import { AWS_PROVIDER, cleanupTerraformDirs, describeWithTerraform, mirrorDir, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';
import { progress } from '../helpers/progress';

jest.setTimeout(300_000);
const say = progress('plugin-cache');
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

/** Bytes of the regular files under `dir`, each inode once; symbolic links are counted as links, never followed. */
function diskBytes(dirs: readonly string[], seen = new Set<string>()): { bytes: number; providerCopies: number } {
  let bytes = 0;
  let providerCopies = 0;
  const walk = (path: string) => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.isDirectory()) return readdirSync(path).forEach((name) => walk(join(path, name)));
    const id = `${stat.dev}:${stat.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    bytes += stat.size;
    if (/^terraform-provider-aws_/.test(path.split('/').pop()!)) providerCopies++;
  };
  dirs.forEach(walk);
  return { bytes, providerCopies };
}

describeWithTerraform('plan with a shared plugin cache, from a packed mirror', () => {
  say.eachTest();
  it('6 stacks keep one provider copy on disk, not six', async () => {
    const project = projectDir();
    const packed = say.step('pack the provider mirror', () => packedMirrorOf(mirrorDir(), scratchDir('email-auth-packed-mirror-'), AWS_PROVIDER));
    const synth = synthIn(project, route53Config(6));
    const stacks = readSynthStacks(synth);
    stacks.forEach((s) => addOfflineOverride(s.dir));
    const cache = join(project, 'plugin-cache');

    const run = await emailAuth(['plan', '--synth', synth, '--all', '--parallel', '3', '--out', join(project, 'plans'), '--plugin-cache', cache], project, pipelineEnv(cache, packed.dir));
    expect(run.stderr).toMatch(/plugin cache .*plugin-cache/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^6 planned in .*: 6 with changes, 0 without, 0 failed/m);

    const inStacks = diskBytes(stacks.map((s) => join(s.dir, '.terraform')));
    const inCache = diskBytes([cache]);
    // Each stack's .terraform holds a link to the cache and a few small files; the cache holds the one copy.
    expect(inStacks.providerCopies).toBe(0);
    expect(inStacks.bytes).toBeLessThan(6 * 64 * 1024);
    expect(inCache.providerCopies).toBe(1);
    const providerBytes = packed.providerBytes ?? inCache.bytes;
    expect(inCache.bytes).toBeGreaterThanOrEqual(providerBytes);
    expect(inStacks.bytes + inCache.bytes).toBeLessThan(1.05 * providerBytes);
  });
});
