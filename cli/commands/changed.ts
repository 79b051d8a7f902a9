import { commandSpec } from '../spec';
import { JSON_OPTION } from './options';

export const CHANGED = commandSpec({
  name: 'changed',
  summary: 'the stacks whose synthesized Terraform differs between two synth outputs (added, changed, removed, why)',
  usage: 'changed --base DIR --head DIR [--json | --matrix]',
  options: {
    base: { type: 'string', value: 'DIR', description: "the base branch's synth output (required)", defaultText: 'none: required' },
    head: { type: 'string', value: 'DIR', description: "the head's synth output (required)", defaultText: 'none: required' },
    json: JSON_OPTION,
    matrix: { type: 'boolean', description: 'print a GitHub Actions matrix of the stacks to plan' },
  },
  exits: {
    0: 'the change set was printed',
    2: 'a usage error, or a synth output that is missing or unreadable',
  },
  example: 'changed --base base/cdktf.out --head cdktf.out --json',
});
