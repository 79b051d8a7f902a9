// Issue 16 item 2: synth ends with one line saying what it wrote: stacks written, stacks removed, and where. Under
// cdktf-cli (which sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), the config's warnings are left to the stacks'
// annotations (cdktf prints them as WARN) instead of stderr (which it prints as [ERROR]).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { wroteLine } from '../../cli/synth';

const dir = mkdtempSync(join(tmpdir(), 'email-auth-synth-line-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const institution = (code: string) => ({ code, domain: `${code}.example.org`, provider: 'route53', zoneId: `Z${code.toUpperCase()}00000000000000` });
/** Four top-level lookups: a warning, so that where warnings go can be seen. */
const noisy = { ...institution('noisy'), spf: { mechanisms: ['include:a.example', 'include:b.example', 'include:c.example'] } };

async function synth(institutions: object[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[]; outdir: string }> {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ institutions }));
  const outdir = join(dir, 'cdktf.out');
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: { CDKTF_OUTDIR: outdir, ...env } };
  const code = await runCli(['synth', '--config', config], io);
  return { code, out, err, outdir };
}

test('the last line says how many stacks were written and removed, and where', async () => {
  const first = await synth([institution('a'), institution('b'), institution('c')]);
  expect(first.code).toBe(0);
  expect(first.out).toEqual([`wrote 3 stacks (none removed) to ${join(first.outdir, 'stacks')}`]);
  const second = await synth([institution('a')]);
  expect(second.out).toEqual([`wrote 1 stack (2 removed) to ${join(second.outdir, 'stacks')}`]);
}, 60_000);

test('the folder is shown relative to the working folder when it is inside it', () => {
  expect(wroteLine(['a', 'b'], ['a', 'x', 'y'], join(process.cwd(), 'cdktf.out', 'stacks'))).toBe('wrote 2 stacks (2 removed) to cdktf.out/stacks');
  expect(wroteLine([], [], '/elsewhere/stacks')).toBe('wrote 0 stacks (none removed) to /elsewhere/stacks');
});

test('alone, warnings go to stderr; under cdktf-cli, only into the annotations (cdktf prints them as WARN)', async () => {
  const alone = await synth([noisy]);
  expect(alone.err.filter((l) => l.startsWith('warning: institutions[0].spf'))).toHaveLength(1);
  const underCdktf = await synth([noisy], { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' });
  expect(underCdktf.code).toBe(0);
  expect(underCdktf.err).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(underCdktf.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { annotations: { level: string; message: string }[] }> };
  expect(manifest.stacks['email-auth-noisy']!.annotations).toEqual([
    expect.objectContaining({ level: '@cdktf/warn', message: expect.stringMatching(/^institutions\[0\]\.spf\.mechanisms: 4 DNS lookups at the top level/) }),
  ]);
}, 60_000);
