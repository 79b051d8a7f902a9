import { commandSpec } from '../spec';
import { FS_MIRROR_OPTION, PARALLEL_OPTION, PLUGIN_CACHE_OPTION, SYNTH_OPTION } from './options';

export const PLAN = commandSpec({
  name: 'plan',
  summary: 'terraform init, plan and show -json per stack in a bounded pool; saved plans and a manifest',
  usage:
    'plan [--synth DIR] (--stacks a,b,... | --changed-from BASE_DIR | --all) --out DIR [--fail-on-changes] [--parallel N] [--plugin-cache DIR] [--fs-mirror DIR]',
  options: {
    synth: SYNTH_OPTION,
    stacks: { type: 'string', value: 'a,b,...', description: 'plan these stacks (comma-separated names)', defaultText: 'none: one of --stacks, --changed-from, --all' },
    'changed-from': { type: 'string', value: 'BASE_DIR', description: 'plan the stacks that differ from this synth output (the base branch\'s)', defaultText: 'none' },
    all: { type: 'boolean', description: 'plan every stack' },
    out: { type: 'string', value: 'DIR', description: 'the plans folder to write (required)', defaultText: 'none: required' },
    'fail-on-changes': { type: 'boolean', description: 'exit 1 when any stack has changes (the nightly drift check)' },
    parallel: PARALLEL_OPTION,
    'plugin-cache': PLUGIN_CACHE_OPTION,
    'fs-mirror': FS_MIRROR_OPTION,
  },
  exits: {
    0: 'every stack was planned',
    1: '--fail-on-changes, and some stack has changes',
    2: 'a usage error, an unreadable synth output, or a stack that failed to plan',
  },
  example: 'plan --changed-from base/cdktf.out --out plans',
});
