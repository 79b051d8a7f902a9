/**
 * A terraform CLI configuration whose only provider installation method is the filesystem mirror `dir` (an absolute
 * path): what `plan --fs-mirror` and `apply --fs-mirror` hand terraform through TF_CLI_CONFIG_FILE, so that an
 * air-gapped runner needs no hand-written one. Written as JSON, which the CLI configuration reader accepts
 * (`provider_installation` and its method as lists of blocks): the path is a JSON string, so no character of it can
 * change the configuration's meaning.
 */
export function mirrorCliConfig(dir: string): string {
  return `${JSON.stringify({ provider_installation: [{ filesystem_mirror: [{ path: dir }] }] }, null, 2)}\n`;
}
