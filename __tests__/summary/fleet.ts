// Big pull requests for the summary: configs of many institutions (scripts/bench-generate.js), synthesized by the
// real app, and plan JSON of every stack built from two synth outputs as `terraform show -json` writes it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runApp } from '../helpers/run-app';
import { scratchDir } from '../helpers/terraform';

const { institution } = require('../../scripts/bench-generate.js') as { institution: (i: number) => Record<string, any> };

/**
 * A config of the generated institutions `indices`. With `defaultDmarcPolicy`, the institutions take their DMARC
 * policy from `defaults` (as a fleet does), so changing it there changes every institution's record.
 */
export function fleetConfig(indices: readonly number[], defaultDmarcPolicy?: 'none' | 'quarantine' | 'reject'): string {
  const institutions = indices.map((i) => {
    const inst = institution(i);
    if (inst.provider === 'cloudflare') inst.ttl = 1;
    if (defaultDmarcPolicy) delete inst.dmarc.policy;
    return inst;
  });
  const defaults = { ttl: 3600, ...(defaultDmarcPolicy && { dmarc: { policy: defaultDmarcPolicy } }) };
  return stringify({ defaults, institutions });
}

/** Synthesizes a config with the real app; returns the output folder (cdktf.out). */
export function synthFleet(yaml: string): string {
  const run = runApp(yaml);
  if (run.status !== 0) throw new Error(`synth failed (${run.status}): ${run.stderr}`);
  return run.outdir;
}

/**
 * One plan JSON file per stack of `head`, as `terraform show -json` of a plan from `base` state to `head` config:
 * `create` for resources new in head, `update` for changed ones, `no-op` for the rest. Returns the file paths.
 */
export function plansBetween(base: string, head: string): string[] {
  const dir = scratchDir('email-auth-fleet-plans-');
  const read = (outdir: string, stack: string) => {
    try {
      return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    } catch {
      return { resource: {} };
    }
  };
  return readdirSync(join(head, 'stacks'))
    .sort()
    .map((stack) => {
      const [was, now] = [read(base, stack), read(head, stack)];
      const resourceChanges = Object.entries(now.resource ?? {}).flatMap(([type, byId]) =>
        Object.entries(byId as Record<string, Record<string, unknown>>).map(([id, attrs]) => {
          const after = planned(attrs);
          const old = was.resource?.[type]?.[id];
          const before = old ? planned(old) : null;
          const actions = !before ? ['create'] : JSON.stringify(before) === JSON.stringify(after) ? ['no-op'] : ['update'];
          return { address: `${type}.${id}`, mode: 'managed', type, name: id, change: { actions, before, after, after_unknown: {} } };
        }),
      );
      const file = join(dir, `${stack}.json`);
      writeFileSync(file, JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: resourceChanges }));
      return file;
    });
}

/** A resource's attributes as a plan holds them: configuration meta-arguments are not attributes. */
function planned(attrs: Record<string, unknown>): Record<string, unknown> {
  const { lifecycle, provider, depends_on, count, for_each, '//': metadata, ...values } = attrs;
  return values;
}
