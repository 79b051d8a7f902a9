// Real npm runs for the package tests: pack this repository, install tarballs and registry packages into temporary
// folders (from the npm cache first, the registry for what it lacks), run the installed CLI there.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The environment for child npm processes: without the outer `npm test`'s own npm settings (scripts/npm-env.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const npmEnv: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv = require('../../scripts/npm-env.js').npmEnv;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in seconds. */
  readonly seconds: number;
}

/** Runs a command to completion (no shell) with a time limit; never throws on a non-zero exit. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): Run {
  const start = process.hrtime.bigint();
  const result: SpawnSyncReturns<string> = spawnSync(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? npmEnv(),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input !== undefined && { input: options.input }),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) return { status: null, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error.message}`, seconds };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, seconds };
}

/** `npm ARGS` in `cwd` (in `env`, else {@link npmEnv}); throws with npm's output when it fails. */
export function npm(args: readonly string[], cwd: string, timeoutMs = 300_000, env?: NodeJS.ProcessEnv): Run {
  const result = run('npm', args, { cwd, timeoutMs, ...(env && { env }) });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status}) in ${cwd}:\n${result.stderr.slice(-4000)}${result.stdout.slice(-2000)}`);
  return result;
}

/** Why the registry cannot be reached (the package tests then skip), or undefined when it can. */
export function registryUnreachableReason(): string | undefined {
  const ping = run('npm', ['ping'], { cwd: REPO_ROOT, timeoutMs: 30_000 });
  if (ping.status === 0) return undefined;
  const why = `${ping.stderr}${ping.stdout}`.trim().split('\n').filter(Boolean).pop() ?? `exit ${ping.status}`;
  return `the npm registry is unreachable (npm ping: ${why})`;
}

/** `describe` when the registry answers, else `describe.skip` after printing `SKIPPED <name>: <reason>`. */
export function describeWithRegistry(name: string, body: () => void): void {
  const reason = registryUnreachableReason();
  if (reason === undefined) return describe(name, body);
  console.warn(`SKIPPED ${name}: ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}

/** What `npm pack --json` says of a tarball. */
export interface Packed {
  readonly path: string;
  readonly filename: string;
  /** Packed size in bytes. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly string[];
}

/**
 * Packs this repository into `dir`. `--ignore-scripts`: prepack would rebuild dist/ from scratch while other test
 * files run the app from it; `npm test` has just built it (scripts/build.js), from the same sources.
 */
export function packRepository(dir: string): Packed {
  const result = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO_ROOT);
  const [info] = JSON.parse(result.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  return { path: join(dir, info!.filename), filename: info!.filename, size: info!.size, unpackedSize: info!.unpackedSize, files: info!.files.map((f) => f.path).sort() };
}

const folders: string[] = [];

/** A temporary folder removed by {@link removeTempFolders}. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  const dirs = folders.splice(0);
  if (dirs.length === 0) return;
  // `rm -rf` removes an installed node_modules (thousands of small files) about twice as fast as rmSync: 6.0 s against
  // 12.2 s for @cdktf/provider-aws (392 MB) here. rmSync then removes whatever is left, or everything where rm is not.
  if (process.platform !== 'win32') spawnSync('rm', ['-rf', '--', ...dirs], { stdio: 'ignore', timeout: 600_000 });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
