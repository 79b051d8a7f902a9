import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';

/** Runs `email-auth ARGV` in process with an empty environment, capturing stdout and stderr lines. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
