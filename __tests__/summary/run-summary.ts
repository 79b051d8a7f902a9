// Runs `email-auth summary` in-process, capturing what it prints.
import { join } from 'node:path';
import { runCli } from '../../cli/main';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export async function runSummary(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['summary', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
