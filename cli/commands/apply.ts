import { commandSpec } from '../spec';
import { FS_MIRROR_OPTION, PARALLEL_OPTION, PLUGIN_CACHE_OPTION, SYNTH_OPTION } from './options';

export const APPLY = commandSpec({
  name: 'apply',
  summary: "apply what was reviewed: each plan checked against this commit's synth and a fresh plan of it, then the fresh plans applied",
  usage: 'apply --plans DIR [--synth DIR] [--changed-from BASE_DIR] [--parallel N] [--plugin-cache DIR] [--fs-mirror DIR]',
  options: {
    plans: { type: 'string', value: 'DIR', description: 'the plans folder written by `email-auth plan --out` (or a folder of them; required)', defaultText: 'none: required' },
    synth: SYNTH_OPTION,
    'changed-from': { type: 'string', value: 'BASE_DIR', description: 'every stack that differs from this synth output (the previous main\'s) must have a reviewed plan', defaultText: 'none: only the stacks the plans name are checked' },
    parallel: PARALLEL_OPTION,
    'plugin-cache': PLUGIN_CACHE_OPTION,
    'fs-mirror': FS_MIRROR_OPTION,
  },
  exits: {
    0: 'every reviewed change was applied (or there was none)',
    1: 'a plan was refused (nothing was applied), or an apply failed or was stale',
    2: 'a usage error, or a plans folder that cannot be read',
  },
  example: 'apply --plans plans',
});
