// Options several commands share, declared once so that their wording and defaults are the same everywhere.
import { BooleanOption, StringOption, WholeNumberOption } from '../spec';

export const CONFIG_OPTION = {
  type: 'string',
  value: 'FILE',
  description: 'the config file (YAML, or JSON when it ends in .json)',
  defaultText: '$EMAIL_AUTH_CONFIG, else institutions.yaml',
} as const satisfies StringOption;

export const JSON_OPTION = {
  type: 'boolean',
  description: 'print a JSON document instead of text; on failure, one with an `error` object',
} as const satisfies BooleanOption;

/** The synth output a pipeline command reads: where `synth` wrote it. */
export const SYNTH_OPTION = {
  type: 'string',
  value: 'DIR',
  description: 'the synth output to read',
  defaultText: '$CDKTF_OUTDIR, else cdktf.out',
} as const satisfies StringOption;

/** The terraform runner of `plan` and `apply` (cli/pipeline-options.ts). */
export const PARALLEL_OPTION = {
  type: 'whole',
  value: 'N',
  description: 'terraform processes at once',
  min: 1,
  max: 64,
  unit: 'processes',
  defaultText: 'the number of CPUs, at most 8',
} as const satisfies WholeNumberOption;

export const PLUGIN_CACHE_OPTION = {
  type: 'string',
  value: 'DIR',
  description: "terraform's shared provider plugin cache",
  defaultText: '$TF_PLUGIN_CACHE_DIR, else ~/.cache/email-auth/terraform-plugins',
} as const satisfies StringOption;

export const FS_MIRROR_OPTION = {
  type: 'string',
  value: 'DIR',
  description: 'install the providers from this filesystem mirror only (air-gapped runners); no terraform CLI config to write',
  defaultText: "none: the providers' registries, or $TF_CLI_CONFIG_FILE",
} as const satisfies StringOption;
