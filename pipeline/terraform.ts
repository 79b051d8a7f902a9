// The one place where terraform processes start: every pipeline command (plan, apply, lock) runs terraform through
// `Terraform`, with the same environment, timeouts, bounded output capture and pool.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mapBounded } from '../io/pool';
import { terminalText } from '../model/terminal-text';
import { PluginCacheGate } from './cache-gate';

/** How long each kind of terraform run may take before it is interrupted. */
export const TIMEOUTS_MS = {
  version: 30_000,
  /** A cold plugin cache downloads the providers (the AWS provider is about 150 MB). */
  init: 15 * 60_000,
  plan: 30 * 60_000,
  show: 10 * 60_000,
  apply: 60 * 60_000,
  lock: 15 * 60_000,
} as const;

/** Output kept per stream (the end of it: terraform's errors come last). */
export const MAX_CAPTURED_BYTES = 256 * 1024;
/** After an interrupt (SIGINT, which terraform handles by stopping cleanly), how long before SIGKILL. */
const KILL_GRACE_MS = 15_000;

export interface TerraformOptions {
  /** The caller's environment; terraform's automation settings and the plugin cache are added to it. */
  readonly env: NodeJS.ProcessEnv;
  /** The shared plugin cache folder (`TF_PLUGIN_CACHE_DIR`); created when missing. None: no cache (the bench's baseline). */
  readonly pluginCacheDir: string | undefined;
  /** How many terraform processes run at once. */
  readonly parallel: number;
}

export interface TerraformResult {
  /** Exit code; null when the process did not exit by itself (timeout, signal) or did not start. */
  readonly exitCode: number | null;
  /** The end of what it printed, at most {@link MAX_CAPTURED_BYTES} per stream. */
  readonly stdout: string;
  readonly stderr: string;
  /** Why it did not run to completion: not found, timed out, output too large. */
  readonly failure?: string;
  readonly seconds: number;
}

export interface RunOptions {
  readonly timeoutMs: number;
  /** Writes stdout to this file instead of capturing it (`show -json`), refusing more than `maxBytes`. */
  readonly stdoutFile?: { readonly path: string; readonly maxBytes: number };
}

/** Where the shared plugin cache lives unless `--plugin-cache` or `TF_PLUGIN_CACHE_DIR` say otherwise. */
export function defaultPluginCacheDir(env: NodeJS.ProcessEnv): string {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'email-auth', 'terraform-plugins');
}

/** One or two processes per CPU is what terraform's plans use well; more only waits on the providers' APIs. */
export function defaultParallel(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export class Terraform {
  /** The environment every terraform process gets. */
  readonly env: NodeJS.ProcessEnv;
  readonly parallel: number;
  readonly pluginCacheDir: string | undefined;
  private readonly gate = new PluginCacheGate();

  constructor(options: TerraformOptions) {
    this.pluginCacheDir = options.pluginCacheDir === undefined ? undefined : resolve(options.pluginCacheDir);
    this.parallel = options.parallel;
    const { TF_PLUGIN_CACHE_DIR: _callers, ...env } = options.env;
    this.env = {
      ...env,
      // Output meant for logs (no "next, run terraform apply" advice), never a prompt, no update check.
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      // Used by Terraform >= 1.4 only for providers whose hash the lock file holds: synth copies it into every stack.
      ...(this.pluginCacheDir !== undefined && { TF_PLUGIN_CACHE_DIR: this.pluginCacheDir }),
    };
  }

  /** Maps `items` through `fn`, at most {@link parallel} at once, in input order; `onDone` after each. */
  each<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
    return mapBounded(items, this.parallel, fn, onDone);
  }

  /**
   * `terraform init -lockfile=readonly` in `dir`: installs exactly what the stack's lock file (`lockText`) says, from
   * the plugin cache when it has it, refusing any change to it. Inits of a lock file not yet installed run alone
   * (see {@link PluginCacheGate}).
   */
  init(dir: string, lockText: string | undefined): Promise<TerraformResult> {
    return this.gate.init(
      createHash('sha256').update(lockText ?? '').digest('hex'),
      () => this.run(['init', '-input=false', '-no-color', '-lockfile=readonly'], dir, { timeoutMs: TIMEOUTS_MS.init }),
      (r) => r.exitCode === 0,
    );
  }

  /** `terraform version`, e.g. `1.11.4`; undefined when it cannot be run. */
  async version(): Promise<string | undefined> {
    const r = await this.run(['version', '-json'], process.cwd(), { timeoutMs: TIMEOUTS_MS.version });
    if (r.exitCode !== 0) return undefined;
    try {
      const v = (JSON.parse(r.stdout) as { terraform_version?: unknown }).terraform_version;
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }

  /** Runs `terraform <args>` in `cwd`. Never rejects: a failure to start or a timeout is in the result. */
  run(args: readonly string[], cwd: string, options: RunOptions): Promise<TerraformResult> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    // Terraform ignores a plugin cache folder that does not exist (with a warning).
    if (this.pluginCacheDir !== undefined) mkdirSync(this.pluginCacheDir, { recursive: true });
    return new Promise((done) => {
      const stdout = new TailBuffer(MAX_CAPTURED_BYTES);
      const stderr = new TailBuffer(MAX_CAPTURED_BYTES);
      let failure: string | undefined;
      let finished = false;
      const child = spawn('terraform', [...args], { cwd, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      const file = options.stdoutFile && createWriteStream(options.stdoutFile.path);
      let written = 0;
      const stop = (why: string) => {
        if (failure !== undefined || finished) return;
        failure = why;
        child.kill('SIGINT');
        setTimeout(() => finished || child.kill('SIGKILL'), KILL_GRACE_MS).unref();
      };
      const timer = setTimeout(() => stop(`terraform ${args[0]} did not finish within ${options.timeoutMs / 1000} s and was stopped`), options.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        if (!file) return stdout.push(chunk);
        written += chunk.length;
        if (written > options.stdoutFile!.maxBytes) stop(`terraform ${args[0]} wrote more than ${options.stdoutFile!.maxBytes} bytes and was stopped`);
        else file.write(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (e: NodeJS.ErrnoException) => {
        failure = e.code === 'ENOENT' ? 'terraform was not found on PATH (install Terraform >= 1.7)' : `terraform could not be started: ${e.message}`;
      });
      child.on('close', (code) => {
        finished = true;
        clearTimeout(timer);
        const result = { exitCode: failure === undefined ? code : null, stdout: stdout.text(), stderr: stderr.text(), ...(failure !== undefined && { failure }), seconds: seconds() };
        if (file) file.end(() => done(result));
        else done(result);
      });
    });
  }
}

/** What went wrong in a terraform run, as terraform said it (trimmed, bounded), for reports and manifests. */
export function terraformError(result: TerraformResult, maxChars = 8000): string {
  const said = (result.stderr.trim() || result.stdout.trim()).replace(/\r\n/g, '\n');
  const text = [result.failure, said].filter(Boolean).join('\n');
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text || `terraform exited with ${result.exitCode}`;
}

/**
 * Terraform's text (its errors carry config values, API answers, file names) as lines safe to print on a terminal or a
 * CI log, each indented: control characters shown as escapes by {@link terminalText}, so a value cannot forge a line,
 * colour the terminal or issue a GitHub Actions command.
 */
export function terraformText(text: string, indent = '    '): string[] {
  return text.split('\n').map((line) => `${indent}${terminalText(line)}`);
}

/** Keeps the last `limit` bytes written to it, and counts what it let go. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit) {
      const first = this.chunks[0]!;
      const excess = this.size - this.limit;
      const cut = Math.min(excess, first.length);
      if (cut === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(cut);
      this.size -= cut;
      this.dropped += cut;
    }
  }

  text(): string {
    const body = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `[${this.dropped} bytes of output left out]\n${body}` : body;
  }
}
