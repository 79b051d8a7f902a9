import { resolve } from 'node:path';
import { terminalText } from '../model/terminal-text';
import { LOCK_FILE, LockFileError } from '../pipeline/lock-file';
import { currentPlatform, DEFAULT_PLATFORMS, refreshLockFile } from '../pipeline/lock-refresh';
import { Terraform, terraformText } from '../pipeline/terraform';
import { terraformHints } from '../pipeline/terraform-hints';
import { STACK_PROVIDERS } from '../stacks/provider-versions';
import { CliError, Command, EXIT, UsageError } from './command';
import { LOCK } from './commands/lock';

const PLATFORM = /^[a-z0-9]+_[a-z0-9]+$/;

export const lock: Command<typeof LOCK> = {
  async run({ values }, io) {
    const bad = values.platform.find((p) => !PLATFORM.test(p));
    if (bad !== undefined) throw new UsageError(`--platform must be OS_ARCH such as linux_amd64, got ${JSON.stringify(bad)}`);
    const platforms = values.platform.length > 0 ? values.platform : values['fs-mirror'] ? [currentPlatform()] : [...DEFAULT_PLATFORMS];
    const lockFile = resolve(LOCK_FILE);
    // `providers lock` fetches the packages to hash them; it has no use for the plugin cache.
    const terraform = new Terraform({ env: io.env, pluginCacheDir: undefined, parallel: 1 });
    const from = values['fs-mirror'] ? `the filesystem mirror ${values['fs-mirror']}` : 'the providers\' registries';
    io.err(terminalText(`locking ${STACK_PROVIDERS.map((p) => `${p.source} ${p.version}`).join(', ')} from ${from} for ${platforms.join(', ')}`));
    let results;
    try {
      results = await refreshLockFile({ lockFile, providers: STACK_PROVIDERS, platforms, ...(values['fs-mirror'] && { fsMirror: values['fs-mirror'] }) }, terraform);
    } catch (e) {
      if (!(e instanceof LockFileError)) throw e;
      throw new CliError('input-unreadable', `lock: ${e.message}`);
    }
    for (const r of results) {
      const change = r.before === r.after ? (r.after ?? 'not locked') : `${r.before ?? 'not locked'} → ${r.after}`;
      io.out(terminalText(`${r.error ? 'FAILED' : 'locked'}  ${r.address}: ${change}`));
      if (r.error) terraformText(r.error).forEach((line) => io.out(line));
    }
    const failed = results.filter((r) => r.error).length;
    // Every provider fails the same way when the registry cannot be reached: each hint once, after them all.
    const hints = new Set(results.flatMap((r) => (r.error ? terraformHints(r.error, 'lock') : [])));
    for (const hint of hints) io.err(terminalText(hint));
    if (failed === results.length) {
      io.err(`nothing was written: no provider could be locked`);
      return EXIT.usage;
    }
    io.out(terminalText(`wrote ${lockFile}: review it and commit it, then synth again`));
    if (failed > 0) io.err(`${failed} provider${failed === 1 ? '' : 's'} could not be locked (entries kept as they were): stacks that require ${failed === 1 ? 'it' : 'them'} fail their plan until a lock succeeds`);
    return failed > 0 ? EXIT.usage : EXIT.ok;
  },
};
