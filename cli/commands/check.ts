import { commandSpec } from '../spec';
import { CONFIG_OPTION, JSON_OPTION } from './options';

export const CHECK = commandSpec({
  name: 'check',
  summary: 'validate the config and print the records it would publish, without synthesizing (it writes nothing)',
  usage: 'check [--config FILE] [--json]',
  options: { config: CONFIG_OPTION, json: JSON_OPTION },
  exits: {
    0: 'the config is valid (its warnings are on stderr)',
    2: 'a usage error, a missing or invalid config, or a provider binding that is not installed',
  },
  example: 'check --config institutions.yaml --json',
});
