import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
/** The app exactly as cdktf.json runs it (compiled by `npm test` before jest runs). */
export const APP = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app as string;

export interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
}

/** Runs the real app on a config (text written to a temp file, or a path) with its own CDKTF_OUTDIR. */
export function runApp(config: { text: string; ext?: 'yaml' | 'json' } | { path: string }): AppRun {
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-app-'));
  let path: string;
  if ('path' in config) path = config.path;
  else {
    path = join(dir, `config.${config.ext ?? 'yaml'}`);
    writeFileSync(path, config.text);
  }
  const outdir = join(dir, 'cdktf.out');
  const result = spawnSync(APP, { shell: true, cwd: ROOT, encoding: 'utf8', env: { ...process.env, EMAIL_AUTH_CONFIG: path, CDKTF_OUTDIR: outdir } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outdir };
}

export function stacksIn(outdir: string): string[] {
  const dir = join(outdir, 'stacks');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export function readStack(outdir: string, stack: string): { resource: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, unknown>; terraform: Record<string, unknown>; provider: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}
