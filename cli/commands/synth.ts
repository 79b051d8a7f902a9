import { commandSpec } from '../spec';
import { CONFIG_OPTION } from './options';

export const SYNTH = commandSpec({
  name: 'synth',
  summary: 'validate the config and write one Terraform stack per institution (what cdktf.json runs)',
  usage: 'synth [--config FILE]',
  options: { config: CONFIG_OPTION },
  exits: {
    0: 'the stacks were written (the last line says how many, and where)',
    2: 'nothing was written: a usage error, a missing or invalid config or lock file, a provider binding that is not installed, another synth writing the same folder, or a stack that held unescaped template syntax (a bug)',
  },
  example: 'synth --config institutions.yaml',
  onFailure: 'nothing was written',
});
