// Issue 12 item 5: offboarding. `retired: true` keeps the stack but declares no record, so the reviewed plan shows each
// deletion; `retired: forget` writes `removed` blocks, so Terraform forgets the records and they stay in DNS.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../../config/load';
import { formatProblem } from '../../model/problems';
import { readStack, runApp, stackJson } from '../helpers/run-app';
import { synthApp } from '../helpers/synth-app';
import { cleanupTerraformDirs, describeWithTerraform, initValidate, planJson, scratchDir } from '../helpers/terraform';
import { stateFromStackJson } from '../summary/fixtures/terraform-state';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const zoo = { code: 'zoo', domain: 'zoo-basel.ch', provider: 'route53', zoneId: 'Z0ZOOBASEL0000000001', mx: [{ priority: 10, host: 'mx1.zoo-basel.ch' }], keepTxt: ['MS=ms1'] };
const opera = { code: 'operabern', domain: 'tickets.opera-bern.ch', provider: 'cloudflare', zoneId: '0123456789abcdef0123456789abcdef' };
const config = (retired?: true | 'forget') => ({ institutions: [{ ...zoo, ...(retired && { retired }) }, { ...opera, ...(retired && { retired }) }] });

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

/** `type.name` of every resource of a synthesized stack. */
const addresses = (json: Record<string, any>) => Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)).sort();

describe('synthesized retired stacks', () => {
  const live = runApp(config());
  const gone = runApp(config(true));
  const forget = runApp(config('forget'));
  const liveZoo = readStack(live.outdir, 'email-auth-zoo');

  test('every run succeeds', () => {
    expect([live.status, gone.status, forget.status]).toEqual([0, 0, 0]);
  });

  test('retired: true declares no record, keeps the provider and the backend, and its IAM policy still names every record', () => {
    for (const stack of ['email-auth-zoo', 'email-auth-operabern']) {
      const json = readStack(gone.outdir, stack);
      expect(addresses(json)).toEqual([]);
      expect(json.removed).toBeUndefined();
      expect(Object.keys(json.provider)).toEqual([stack === 'email-auth-zoo' ? 'aws' : 'cloudflare']);
      expect(json.terraform.backend).toEqual(readStack(live.outdir, stack).terraform.backend);
    }
    const policy = JSON.parse(readFileSync(join(gone.outdir, 'stacks', 'email-auth-zoo', 'iam-policy.json'), 'utf8'));
    expect(policy).toEqual(JSON.parse(readFileSync(join(live.outdir, 'stacks', 'email-auth-zoo', 'iam-policy.json'), 'utf8')));
  });

  test('retired: forget writes one removed block (destroy = false) per record the live stack declares, and no record', () => {
    for (const stack of ['email-auth-zoo', 'email-auth-operabern']) {
      const json = readStack(forget.outdir, stack);
      expect(addresses(json)).toEqual([]);
      expect(json.removed.map((r: { from: string }) => r.from).sort()).toEqual(addresses(readStack(live.outdir, stack)));
      for (const block of json.removed) expect(block.lifecycle).toEqual({ destroy: false });
    }
    expect(addresses(liveZoo)).toHaveLength(5);
  });

  test('check says what happens to a retired institution', () => {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const dir = scratchDir('email-auth-retired-check-');
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config('forget')));
    const run = spawnSync(process.execPath, [join(__dirname, '../../dist/cli/main.js'), 'check', '--config', join(dir, 'c.json')], { encoding: 'utf8' });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('email-auth-'))).toEqual([
      'email-auth-zoo: zoo-basel.ch on route53, zone Z0ZOOBASEL0000000001, RETIRED (forget): the next apply stops managing these records; they stay in DNS',
      'email-auth-operabern: tickets.opera-bern.ch on cloudflare, zone 0123456789abcdef0123456789abcdef, RETIRED (forget): the next apply stops managing these records; they stay in DNS',
    ]);
  });
});

describe('retired: validation', () => {
  const errors = (inst: object) => validateConfig({ institutions: [inst] }).problems.filter((p) => p.severity === 'error').map(formatProblem);
  test('protect refuses retired: true, not retired: forget', () => {
    expect(errors({ ...zoo, protect: true, retired: true })).toEqual([
      'institutions[0].retired: protect: true refuses deleting the records, and retired: true deletes them: remove protect first, or use retired: forget to keep the records in DNS',
    ]);
    expect(errors({ ...zoo, protect: true, retired: 'forget' })).toEqual([]);
  });
  test('a retired institution adopts nothing', () => {
    expect(errors({ ...zoo, retired: true, adoptExisting: ['spf'] })).toEqual(['institutions[0].adoptExisting: a retired institution adopts nothing: remove adoptExisting']);
  });
  test.each([['yes'], [1], ['delete']])('retired: %p is refused', (value) => {
    expect(errors({ ...zoo, retired: value })).toHaveLength(1);
  });
});

describeWithTerraform('terraform plans of retired stacks (offline, prior state = the live stack applied)', () => {
  const live = synthApp(config()).stacks.get('email-auth-zoo')!;
  const liveJson = stackJson(live);
  const withState = (stackDir: string) => {
    const dir = join(scratchDir('email-auth-retired-'), 'email-auth-zoo');
    cpSync(stackDir, dir, { recursive: true });
    writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(stateFromStackJson(liveJson, 'retired-test')));
    return dir;
  };

  test('retired: true plans exactly the deletion of each record, and nothing else', async () => {
    const { plan } = await planJson(withState(synthApp(config(true)).stacks.get('email-auth-zoo')!));
    const changes = (plan.resource_changes ?? []).map((c) => [c.address, c.change.actions]);
    expect(changes.sort()).toEqual(addresses(liveJson).map((a) => [a, ['delete']]));
  }, 180_000);

  test('retired: forget passes terraform validate and plans to forget each record, deleting none', async () => {
    const dir = withState(synthApp(config('forget')).stacks.get('email-auth-zoo')!);
    const validation = await initValidate(dir);
    expect({ valid: validation.valid, diagnostics: validation.diagnostics }).toEqual({ valid: true, diagnostics: [] });
    const { plan } = await planJson(dir);
    const changes = (plan.resource_changes ?? []).map((c) => [c.address, c.change.actions]);
    expect(changes.sort()).toEqual(addresses(liveJson).map((a) => [a, ['forget']]));
  }, 180_000);
});
