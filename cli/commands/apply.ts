import { commandSpec } from '../spec';
import { FS_MIRROR_OPTION, PARALLEL_OPTION, PLUGIN_CACHE_OPTION, SYNTH_OPTION } from './options';

export const APPLY = commandSpec({
  name: 'apply',
  summary: 'apply exactly the saved plans with changes, refusing any whose stack or plan file no longer matches',
  usage: 'apply --plans DIR [--synth DIR] [--parallel N] [--plugin-cache DIR] [--fs-mirror DIR]',
  options: {
    plans: { type: 'string', value: 'DIR', description: 'the plans folder written by `email-auth plan --out` (or a folder of them; required)', defaultText: 'none: required' },
    synth: SYNTH_OPTION,
    parallel: PARALLEL_OPTION,
    'plugin-cache': PLUGIN_CACHE_OPTION,
    'fs-mirror': FS_MIRROR_OPTION,
  },
  exits: {
    0: 'every saved plan with changes was applied (or none had changes)',
    1: 'a plan was refused (nothing was applied) or failed to apply',
    2: 'a usage error, or a plans folder that cannot be read',
  },
  example: 'apply --plans plans',
});
