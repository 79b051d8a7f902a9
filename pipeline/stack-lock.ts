import { linkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoundedFileError, readBoundedFile } from '../io/bounded-file';
import { LOCK_FILE, LockedProvider, LockFileError, lockFileText, MAX_LOCK_FILE_BYTES, parseLockFile } from './lock-file';
import { LOCK_REMEDY, providersFor, requiredProviders } from './provider-requirements';

/** The repository's lock file, parsed; undefined when there is none. Throws {@link LockFileError}. */
export function readRepositoryLockFile(path: string): LockedProvider[] | undefined {
  let text: string;
  try {
    text = readBoundedFile(path, MAX_LOCK_FILE_BYTES).toString('utf8');
  } catch (e) {
    if (e instanceof BoundedFileError && e.code === 'ENOENT') return undefined;
    throw new LockFileError(`${path} ${(e as Error).message}`);
  }
  return parseLockFile(text, path);
}

/**
 * Gives every synthesized stack in `stacksDir` (`<outdir>/stacks`) a `.terraform.lock.hcl` holding the blocks of the
 * repository's lock file (`repoLockPath`) for exactly the providers it requires: `terraform init -lockfile=readonly`
 * refuses a lock file with providers the configuration does not use. Without a repository lock file nothing is
 * written (`plan` then refuses the stacks, saying how to make one). `stacks` are the stack names with their
 * synthesized JSON, parsed.
 *
 * Stacks of one provider have the same lock file: it is written once and hard-linked into the others. Creating a
 * thousand small files costs about 0.4 s of system time on this machine's file system, a thousand links 0.01 s.
 * Terraform replaces a lock file it rewrites (a new file renamed over it), so a link never lets one stack's lock file
 * change another's; where links are not possible, the file is written.
 * @returns warnings, one line per provider that the stacks require and the lock file lacks
 */
export function writeStackLockFiles(stacksDir: string, stacks: readonly { readonly name: string; readonly json: unknown }[], repoLockPath: string): string[] {
  const locked = readRepositoryLockFile(repoLockPath);
  if (!locked) return [];
  const missing = new Map<string, string[]>();
  const written = new Map<string, string>();
  for (const { name: stack, json } of stacks) {
    const requirements = requiredProviders(json);
    for (const req of requirements) if (!locked.some((p) => p.address === req.address)) missing.set(req.address, [...(missing.get(req.address) ?? []), stack]);
    const text = lockFileText(providersFor(requirements, locked));
    if (text !== undefined) written.set(text, writeOrLink(join(stacksDir, stack, LOCK_FILE), text, written.get(text)));
  }
  return [...missing].map(([address, names]) => {
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
    return `warning: ${LOCK_FILE} has no entry for ${address}, required by ${names.length} stack${names.length === 1 ? '' : 's'} (${shown}): \`email-auth plan\` refuses ${names.length === 1 ? 'it' : 'them'}; ${LOCK_REMEDY}`;
  });
}

/** A link to `same` (a file with this text written earlier), else the text written; returns the path holding it. */
function writeOrLink(path: string, text: string, same: string | undefined): string {
  if (same !== undefined) {
    try {
      linkSync(same, path);
      return same;
    } catch {
      // a file system without hard links: write it
    }
  }
  writeFileSync(path, text);
  return path;
}
