import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCK_FILE, LockedProvider, parseLockFile } from './lock-file';
import { providerAddress } from './provider-requirements';
import { readRepositoryLockFile } from './stack-lock';
import { Terraform, terraformError, TIMEOUTS_MS } from './terraform';

/** A provider to lock: local name, registry source, accepted versions (see stacks/provider-versions.ts). */
export interface ProviderToLock {
  readonly name: string;
  readonly source: string;
  readonly version: string;
}

export interface LockRefreshOptions {
  /** The lock file to refresh (the repository's `.terraform.lock.hcl`). */
  readonly lockFile: string;
  readonly providers: readonly ProviderToLock[];
  /** Take the providers from this filesystem mirror (packed or unpacked layout) instead of their registries. */
  readonly fsMirror?: string;
  /** Platforms to record hashes for (`linux_amd64`...). */
  readonly platforms: readonly string[];
}

export interface ProviderLockResult {
  readonly address: string;
  /** The version locked before, if any. */
  readonly before?: string;
  /** The version locked now; for a failure, the one kept from before (if any). */
  readonly after?: string;
  readonly error?: string;
}

/** Platforms CI and people use, when locking from a registry: hashes for each let every one of them use the cache. */
export const DEFAULT_PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'] as const;

/** This machine's platform in Terraform's naming (`linux_amd64`): the default with a filesystem mirror. */
export function currentPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${os}_${arch}`;
}

/**
 * Refreshes a dependency lock file on purpose: `terraform providers lock` for each provider, in a scratch folder whose
 * configuration requires exactly `providers` with their ranges, starting from the current lock file. Each provider is
 * locked on its own, so that one that cannot be fetched (not in the mirror, registry unreachable) keeps its entry as it
 * was and does not stop the others. The lock file is rewritten only when at least one provider was locked.
 */
export async function refreshLockFile(options: LockRefreshOptions, terraform: Terraform): Promise<ProviderLockResult[]> {
  const before = readRepositoryLockFile(options.lockFile) ?? [];
  const work = mkdtempSync(join(tmpdir(), 'email-auth-lock-'));
  try {
    const required = Object.fromEntries(options.providers.map((p) => [p.name, { source: p.source, version: p.version }]));
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: required } }, null, 2));
    if (existsSync(options.lockFile)) copyFileSync(options.lockFile, join(work, LOCK_FILE));
    const flags = [...(options.fsMirror ? [`-fs-mirror=${resolve(options.fsMirror)}`] : []), ...options.platforms.map((p) => `-platform=${p}`)];
    const errors = new Map<string, string>();
    // One at a time: they all write the scratch folder's lock file.
    for (const provider of options.providers) {
      const address = providerAddress(provider.source);
      const run = await terraform.run(['providers', 'lock', '-no-color', ...flags, address], work, { timeoutMs: TIMEOUTS_MS.lock });
      if (run.exitCode !== 0) errors.set(address, terraformError(run));
    }
    const written = join(work, LOCK_FILE);
    const after: LockedProvider[] = existsSync(written) ? parseLockFile(readFileSync(written, 'utf8'), written) : [];
    if (errors.size < options.providers.length) {
      const temp = `${resolve(options.lockFile)}.tmp-${process.pid}`;
      copyFileSync(written, temp);
      renameSync(temp, resolve(options.lockFile));
    }
    return options.providers.map((p) => {
      const address = providerAddress(p.source);
      const was = before.find((l) => l.address === address)?.version;
      const now = after.find((l) => l.address === address)?.version;
      const error = errors.get(address);
      return { address, ...(was !== undefined && { before: was }), ...(now !== undefined && { after: now }), ...(error !== undefined && { error }) };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
