// The other CDK core for the tests that run this package on it: CDK Terrain's tested packages installed from npm once
// into node_modules/.cache (reused by later runs, ~480 MB), and folders where this package is installed beside them
// the way npm would lay it out, with no cdktf anywhere on Node's search path.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CoreName } from '../../core/packages';
import { npmEnv, REPO_ROOT } from './npm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const TESTED_CORES: Record<CoreName, readonly string[]> = require('../../scripts/tested-cores.js').TESTED_CORES;

const OWN = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'email-auth-dns', 'cores');

/** What {@link installCore} installs: the core and its AWS binding at their tested versions, constructs by our range. */
export function coreSpecs(core: CoreName): string[] {
  return [...TESTED_CORES[core], `constructs@${OWN.peerDependencies.constructs}`];
}

/** A progress line on the test run's own stderr, shown as it happens (jest shows console output only at the end). */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * `npm <args>` in `cwd`, asynchronously, printing a line every 15 s while it runs so that a long install is never
 * silent; rejects with npm's output when it fails. Resolves to the wall time in seconds.
 */
export function npmWithProgress(args: readonly string[], cwd: string, label: string, timeoutMs = 900_000): Promise<number> {
  const start = Date.now();
  progress(`${label}: npm ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', [...args], { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
    const beat = setInterval(() => progress(`${label}: still running (${Math.round((Date.now() - start) / 1000)} s)`), 15_000);
    const limit = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(beat);
      clearTimeout(limit);
      const seconds = (Date.now() - start) / 1000;
      if (code === 0) {
        progress(`${label}: done in ${seconds.toFixed(1)} s`);
        resolve(seconds);
      } else reject(new Error(`${label}: npm ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd}:\n${output}`));
    });
  });
}

/**
 * The `node_modules` folder of `core`'s tested packages, installed from npm on first use and kept in
 * node_modules/.cache for later runs. Installed into a fresh folder and renamed into place whole, so a failed or
 * concurrent install never leaves a half-filled one behind.
 */
export async function installCore(core: CoreName): Promise<string> {
  const specs = coreSpecs(core);
  const dir = join(CACHE, `${core}-${specs.join('+').replace(/[^a-zA-Z0-9.@+-]/g, '_')}`);
  if (existsSync(join(dir, 'installed.json'))) {
    progress(`${core}: reusing ${dir}`);
    return join(dir, 'node_modules');
  }
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(join(CACHE, `${core}-staging-`));
  try {
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: `email-auth-dns-test-${core}`, private: true }));
    const seconds = await npmWithProgress(['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], staging, `installing ${core} once into node_modules/.cache`);
    writeFileSync(join(staging, 'installed.json'), JSON.stringify({ specs, seconds }));
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another test file installed it meanwhile: use theirs.
      if (!existsSync(join(dir, 'installed.json'))) throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return join(dir, 'node_modules');
}

/** A folder laid out as npm installs this package beside a core: see {@link installBeside}. */
export interface Consumer {
  readonly dir: string;
  /** `<dir>/node_modules/email-auth-dns`: this package as built (dist/), with its package.json and templates. */
  readonly packageRoot: string;
}

/**
 * A fresh folder (outside this repository, so Node never finds its node_modules) whose node_modules holds links to
 * each package of `coreModules` (what {@link installCore} returned), a copy of this package's build and links to
 * this package's own dependencies. A copy, not a link: Node resolves a linked package from its real path, which would
 * find this repository's cdktf.
 */
export function installBeside(coreModules: string, prefix = 'email-auth-consumer-'): Consumer {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const modules = join(dir, 'node_modules');
  const link = (from: string, name: string) => {
    const to = join(modules, name);
    if (existsSync(to)) return;
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(from, to, 'dir');
  };
  for (const name of packagesIn(coreModules)) link(join(coreModules, name), name);
  const packageRoot = join(modules, 'email-auth-dns');
  mkdirSync(packageRoot, { recursive: true });
  for (const entry of ['package.json', 'dist', 'templates']) cpSync(join(REPO_ROOT, entry), join(packageRoot, entry), { recursive: true });
  // The core's own dependencies (fflate for cdktn) win where the names meet: the versions npm chose for it.
  for (const name of Object.keys(OWN.dependencies)) link(join(REPO_ROOT, 'node_modules', name), name);
  return { dir, packageRoot };
}

/** The packages directly in a node_modules folder (`@scope/name` for scoped ones), without `.bin` and `.package-lock.json`. */
export function packagesIn(modules: string): string[] {
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name]));
}
