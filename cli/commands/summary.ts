import { DEFAULT_MAX_CHARS, MIN_MAX_CHARS } from '../../summary/size-limit';
import { commandSpec } from '../spec';

export const SUMMARY = commandSpec({
  name: 'summary',
  summary: 'Markdown for a pull request: DNS changes of terraform plans, or between two synth outputs',
  usage:
    'summary [--config FILE] [--full FILE] [--max-chars N] [--fail-on-risk] [--max-auth-removals N] [--max-touched-percent P] [--min-touched N] ' +
    '(<PLAN_JSON>... [--stack NAME=FILE]... [--plans DIR]... [--changed FILE] | --changed FILE | --base DIR --head DIR)',
  options: {
    stack: { type: 'repeatable', value: 'NAME=FILE', description: 'a plan JSON (terraform show -json) with the stack it belongs to', defaultText: 'the stack is named after the plan file' },
    plans: { type: 'repeatable', value: 'DIR', description: 'a plans folder written by `email-auth plan --out` (or a folder of them)', defaultText: 'none' },
    changed: { type: 'string', value: 'FILE', description: 'the `email-auth changed --json` output: removed stacks are listed, and no change at all is said so', defaultText: 'none' },
    base: { type: 'string', value: 'DIR', description: "the base branch's synth output, with --head: compare synth outputs instead of plans", defaultText: 'none' },
    head: { type: 'string', value: 'DIR', description: "the pull request's synth output, with --base", defaultText: 'none' },
    config: { type: 'string', value: 'FILE', description: 'the config: each stack\'s platform SPF include, the fleet size and the retired institutions', defaultText: 'none: the platform defaults' },
    full: { type: 'string', value: 'FILE', description: 'also write the full report, however long, to FILE', defaultText: 'none' },
    'max-chars': { type: 'whole', value: 'N', description: 'the longest summary, shortened beyond it (the default fits a GitHub comment; GitLab takes 1,000,000)', min: MIN_MAX_CHARS, max: 100_000_000, unit: 'characters', default: DEFAULT_MAX_CHARS },
    'fail-on-risk': { type: 'boolean', description: 'exit 1 when the change is a mass change (the limits below)' },
    'max-auth-removals': { type: 'whole', value: 'N', description: 'SPF, DKIM and DMARC records of active institutions a change may delete or replace', min: 0, max: 1_000_000, unit: 'records', default: 0 },
    'max-touched-percent': { type: 'whole', value: 'P', description: 'share of the institutions a change may touch', min: 0, max: 100, unit: 'percent', default: 20 },
    'min-touched': { type: 'whole', value: 'N', description: 'the share rule applies from this many touched institutions on (auth record deletions count from the first)', min: 2, max: 1_000_000, unit: 'institutions', default: 5 },
  },
  positionals: { name: 'PLAN_JSON', description: '`terraform show -json` output of a stack, named after its file (email-auth-<code>.json)', max: Infinity },
  exits: {
    0: 'the summary was printed',
    1: '--fail-on-risk, and the change is a mass change (the summary was printed)',
    2: 'a usage error, a missing or unreadable plan, plans folder or synth output, or an invalid config',
  },
  example: 'summary --config institutions.yaml --plans plans --fail-on-risk > summary.md',
  onFailure: 'no summary was printed',
});
