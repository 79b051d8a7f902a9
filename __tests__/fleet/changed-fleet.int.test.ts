// `changed` on real synth outputs of a fleet: 1,000 generated institutions (scripts/bench-generate.js) synthesized by
// the real app, then one edited, one added and one removed; metadata and key-order noise; more changed stacks than
// one GitHub matrix holds. Integration-sized (two synths of 1,000 stacks): left out of the unit-test loop.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ORPHANED_REASON } from '../../pipeline/change-set';
import { emailAuth, projectDir, synthIn } from '../helpers/pipeline';
import { cleanupTerraformDirs } from '../helpers/terraform';
import { APP_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeConfig } = require('../../scripts/bench-generate') as { writeConfig: (dir: string, count: number) => string };

jest.setTimeout(240_000);
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

interface Config {
  institutions: { code: string; provider: string; dmarc: { policy: string } }[];
}

let project: string;
let base: string;
let head: string;

beforeAll(() => {
  project = projectDir();
  const baseConfig = writeConfig(project, 1000);
  base = synthIn(project, { path: baseConfig }, 'base.out');
  // One edited (a Route53 institution's DMARC policy), one removed, one added.
  const config = parse(readFileSync(baseConfig, 'utf8')) as Config;
  const edited = config.institutions.find((i) => i.code === 'inst0010')!;
  edited.dmarc.policy = edited.dmarc.policy === 'reject' ? 'none' : 'reject';
  config.institutions = config.institutions.filter((i) => i.code !== 'inst0021');
  // Its reports go to its own domain: a copy of inst0012's rua would make inst0012's zone publish the authorisation
  // (museum9999.example.org._report._dmarc.museum0012.example.org), a second changed stack.
  const added = structuredClone(config.institutions.find((i) => i.code === 'inst0012')!) as unknown as Record<string, unknown> & { dmarc: Record<string, unknown> };
  config.institutions.push({ ...added, code: 'inst9999', domain: 'museum9999.example.org', zoneId: 'Z9999BENCH9999', dmarc: { ...added.dmarc, rua: ['mailto:dmarc@museum9999.example.org'] } } as never);
  const headConfig = join(project, 'head.yaml');
  writeFileSync(headConfig, stringify(config));
  head = synthIn(project, { path: headConfig }, 'head.out');
}, APP_HOOK_TIMEOUT_MS);

const changedJson = async (b: string, h: string) => {
  const run = await emailAuth(['changed', '--base', b, '--head', h, '--json'], project);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as { added: { stack: string; reason: string }[]; changed: { stack: string; reason: string; elements: string[] }[]; removed: { stack: string; reason: string }[]; unchanged: number };
};

/** Rewrites every file of a synth output's stacks with `edit` (JSON in, JSON text out). */
function rewriteStacks(outdir: string, edit: (tf: Record<string, any>, stack: string) => string): void {
  for (const stack of readdirSync(join(outdir, 'stacks'))) {
    const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
    writeFileSync(file, edit(JSON.parse(readFileSync(file, 'utf8')), stack));
  }
}

function copyOutput(from: string, name: string): string {
  const to = join(project, name);
  cpSync(from, to, { recursive: true });
  return to;
}

describe('changed on 1,000 synthesized institutions', () => {
  it('one edited institution is exactly one changed stack, naming its DMARC record', async () => {
    const set = await changedJson(base, head);
    expect(set.changed).toEqual([{ stack: 'email-auth-inst0010', reason: expect.stringMatching(/^aws_route53_record\.email-auth_dmarc_[0-9A-F]{8}$/), elements: [expect.stringMatching(/^aws_route53_record\.email-auth_dmarc_/)] }]);
    expect(set.added).toEqual([{ stack: 'email-auth-inst9999', reason: 'new stack: not in the base synth output' }]);
    expect(set.removed).toEqual([{ stack: 'email-auth-inst0021', reason: ORPHANED_REASON }]);
    expect(set.unchanged).toBe(998);
  });

  it('prints the same as text: a count line, then one line per stack', async () => {
    const run = await emailAuth(['changed', '--base', base, '--head', head], project);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('1 changed, 1 added, 1 removed, 998 unchanged');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^changed {2}email-auth-inst0010: aws_route53_record\.email-auth_dmarc_/),
      'added    email-auth-inst9999: new stack: not in the base synth output',
      `removed  email-auth-inst0021: ${ORPHANED_REASON}`,
    ]);
  });

  it('--matrix: one job per changed or added stack, none for the removed one', async () => {
    const run = await emailAuth(['changed', '--base', base, '--head', head, '--matrix'], project);
    expect(JSON.parse(run.stdout)).toEqual({ include: [{ stacks: 'email-auth-inst0010' }, { stacks: 'email-auth-inst9999' }] });
  });

  it('cdktf metadata, key order and whitespace give no change, and an empty matrix', async () => {
    const noisy = copyOutput(base, 'noisy.out');
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    rewriteStacks(noisy, (tf) => {
      tf['//'].metadata.version = '0.99.0';
      for (const byId of Object.values(tf.resource ?? {}) as Record<string, any>[]) for (const r of Object.values(byId)) r['//'] = { metadata: { path: 'moved/elsewhere' } };
      return JSON.stringify(reverse(tf), null, '\t');
    });
    const set = await changedJson(base, noisy);
    expect(set).toEqual({ added: [], changed: [], removed: [], unchanged: 1000 });
    const matrix = await emailAuth(['changed', '--base', base, '--head', noisy, '--matrix'], project);
    expect(matrix.stdout.trim()).toBe('{"include":[]}');
  });

  it('a stack whose lock file changed is changed, naming the lock file', async () => {
    const relocked = copyOutput(base, 'relocked.out');
    const lock = join(relocked, 'stacks', 'email-auth-inst0000', '.terraform.lock.hcl');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace('h1:', 'h1:AAAA'));
    expect((await changedJson(base, relocked)).changed).toEqual([{ stack: 'email-auth-inst0000', reason: '.terraform.lock.hcl', elements: ['.terraform.lock.hcl'] }]);
  });

  it('--matrix shards 1,000 changed stacks into 256 jobs of 3 or 4 stacks, each stack once', async () => {
    const everything = copyOutput(base, 'everything.out');
    rewriteStacks(everything, (tf) => {
      for (const byId of Object.values(tf.resource ?? {}) as Record<string, any>[]) for (const r of Object.values(byId)) if ('ttl' in r) r.ttl = 300;
      return JSON.stringify(tf);
    });
    const run = await emailAuth(['changed', '--base', base, '--head', everything, '--matrix'], project);
    const { include } = JSON.parse(run.stdout) as { include: { stacks: string }[] };
    expect(include).toHaveLength(256);
    const sizes = new Set(include.map((e) => e.stacks.split(',').length));
    expect([...sizes].sort()).toEqual([3, 4]);
    const all = include.flatMap((e) => e.stacks.split(','));
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(all).toEqual(readdirSync(join(base, 'stacks')).sort());
  });
});
