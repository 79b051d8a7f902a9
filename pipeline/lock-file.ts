/**
 * Terraform's dependency lock file (`.terraform.lock.hcl`): the exact version and the package hashes of each provider.
 * The repository commits one (refreshed on purpose by `email-auth lock`); synth copies into every stack the blocks of
 * the providers that stack requires, so `terraform init -lockfile=readonly` installs the reviewed versions and no
 * others, and the plugin cache is used (Terraform >= 1.4 links a cached provider only when the lock file has its hash).
 *
 * The file comes from a pull request like any other input, and its blocks are copied as text: it is read with a strict
 * line grammar (the one `terraform init` and `terraform providers lock` write) and anything else is refused, so that
 * what we copy is exactly what we understood.
 * @see https://developer.hashicorp.com/terraform/language/files/dependency-lock
 */

export const LOCK_FILE = '.terraform.lock.hcl';
/** Far above a real lock file (a few KB per provider with every platform's hashes). */
export const MAX_LOCK_FILE_BYTES = 1024 * 1024;
const MAX_PROVIDERS = 200;

/** One `provider "<address>" { … }` block. */
export interface LockedProvider {
  /** Fully qualified provider address, `registry.terraform.io/hashicorp/aws`. */
  readonly address: string;
  /** The exact version locked, `5.100.0`. */
  readonly version: string;
  /** The version constraints recorded when it was locked (informational: Terraform checks the configuration's). */
  readonly constraints?: string;
  /** `h1:` (package contents) and `zh:` (registry zip) hashes. */
  readonly hashes: readonly string[];
  /** The block as written in the file, from `provider` to its closing brace. */
  readonly text: string;
}

/** The lock file does not follow the grammar Terraform writes; names the file and line. */
export class LockFileError extends Error {}

const ADDRESS = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?\/[a-z0-9]([a-z0-9_-]*[a-z0-9])?\/[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;
const VERSION = /^[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}(-[0-9A-Za-z.-]{1,64})?$/;
const HASH = /^(h1|zh):[A-Za-z0-9+/=]{1,128}$/;
const CONSTRAINTS = /^[0-9A-Za-z.,<>=!~ -]{1,256}$/;

const BLOCK_START = /^provider "([^"\\]*)" \{$/;
const STRING_ATTRIBUTE = /^ {2}(version|constraints) += "([^"\\]*)"$/;
const HASHES_START = /^ {2}hashes = \[$/;
const HASH_LINE = /^ {4}"([^"\\]*)",$/;
const HASHES_END = /^ {2}\]$/;

/** Parses the text of a lock file; `source` names it in errors. Throws {@link LockFileError}. */
export function parseLockFile(text: string, source: string): LockedProvider[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const providers: LockedProvider[] = [];
  const fail = (line: number, why: string): never => {
    throw new LockFileError(`${source}:${line + 1}: ${why} (a lock file is written by \`email-auth lock\` or \`terraform providers lock\`)`);
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '' || /^(#|\/\/)/.test(line)) {
      i++;
      continue;
    }
    const start = BLOCK_START.exec(line);
    if (!start) fail(i, 'expected a `provider "<address>" {` block');
    const address = start![1]!;
    if (!ADDRESS.test(address)) fail(i, `${JSON.stringify(address)} is not a provider address (host/namespace/type, lowercase)`);
    if (providers.some((p) => p.address === address)) fail(i, `provider ${address} is locked twice`);
    if (providers.length >= MAX_PROVIDERS) fail(i, `more than ${MAX_PROVIDERS} providers`);
    const first = i++;
    const attrs: { version?: string; constraints?: string } = {};
    let hashes: string[] | undefined;
    for (;;) {
      if (i >= lines.length) fail(first, `the block of ${address} is not closed`);
      const inner = lines[i]!;
      if (inner === '}') break;
      const attr = STRING_ATTRIBUTE.exec(inner);
      if (attr) {
        const [, key, value] = attr as unknown as [string, 'version' | 'constraints', string];
        if (attrs[key] !== undefined) fail(i, `${key} is given twice`);
        if (!(key === 'version' ? VERSION : CONSTRAINTS).test(value)) fail(i, `${key} ${JSON.stringify(value)} is not valid`);
        attrs[key] = value;
        i++;
        continue;
      }
      if (HASHES_START.test(inner)) {
        if (hashes) fail(i, 'hashes are given twice');
        hashes = [];
        for (i++; ; i++) {
          if (i >= lines.length) fail(first, `the hashes of ${address} are not closed`);
          if (HASHES_END.test(lines[i]!)) break;
          const hash = HASH_LINE.exec(lines[i]!);
          if (!hash || !HASH.test(hash[1]!)) fail(i, 'expected a quoted `h1:` or `zh:` hash followed by a comma');
          hashes.push(hash![1]!);
        }
        i++;
        continue;
      }
      fail(i, 'expected `version = "…"`, `constraints = "…"` or `hashes = [`');
    }
    if (attrs.version === undefined) fail(first, `provider ${address} has no version`);
    if (!hashes || hashes.length === 0) fail(first, `provider ${address} has no hashes`);
    providers.push({ address, version: attrs.version!, ...(attrs.constraints !== undefined && { constraints: attrs.constraints }), hashes: hashes!, text: lines.slice(first, i + 1).join('\n') });
    i++;
  }
  return providers;
}

const STACK_HEADER =
  '# The providers this stack requires, copied by `email-auth synth` from the repository\'s .terraform.lock.hcl.\n' +
  '# Refresh that file with `email-auth lock`, never this copy.\n';

/** The text of a stack's lock file holding `providers` (in the order given), or undefined when there are none. */
export function lockFileText(providers: readonly LockedProvider[]): string | undefined {
  if (providers.length === 0) return undefined;
  return `${STACK_HEADER}\n${providers.map((p) => p.text).join('\n\n')}\n`;
}
