/**
 * `reports --propose`: writes the next step of every ready institution into the config file. The edit itself is
 * reports/propose/edit-config.ts; here the file is read as it is (a byte-order mark kept), the result is written to a
 * temporary file beside it, read back by the normal config loader, checked to publish exactly the new policies, and
 * only then renamed over the config. Anything else leaves the config untouched.
 */
import { chmodSync, lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { AppConfig, loadConfigFile } from '../../config/load';
import { decodeConfigBytes, MAX_CONFIG_BYTES } from '../../config/read-text';
import { BoundedFileError, readBoundedFile } from '../../io/bounded-file';
import { formatProblem } from '../../model/problems';
import { ReportsAnalysis } from '../analyze';
import { nextStep } from '../readiness/ladder';
import { ConfigEditError, ConfigStep, editConfigText } from './edit-config';
import { ProposalOutcome } from '../render/pr-body';

/** The config cannot be edited as a whole (it would not load, it is a link, it changed): nothing was written. */
export class ProposeError extends Error {}

export function proposeSteps(path: string, config: AppConfig, analysis: ReportsAnalysis, write: boolean): ProposalOutcome {
  const steps: ConfigStep[] = analysis.institutions
    .filter((i) => i.readiness.status === 'ready' && i.readiness.next)
    .map(({ summary, readiness }) => ({ index: config.institutions.findIndex((inst) => inst.code === summary.code), code: summary.code, change: readiness.next!.change }));
  if (steps.length === 0) return { file: path, applied: [], refused: [], written: false };
  const text = readRaw(path);
  let outcome;
  try {
    outcome = editConfigText(text, extname(path).toLowerCase() === '.json', steps);
  } catch (e) {
    if (e instanceof ConfigEditError) throw new ProposeError(`--propose: ${path}: ${e.message}`);
    throw e;
  }
  const refused = outcome.refused.map((r) => ({ code: r.step.code, reason: r.reason }));
  const applied = outcome.applied.map((s) => s.code);
  if (!write || applied.length === 0) return { file: path, applied, refused, written: false };
  writeChecked(path, outcome.text, config, outcome.applied, analysis);
  return { file: path, applied, refused, written: true };
}

function readRaw(path: string): string {
  let bytes: Buffer;
  try {
    if (lstatSync(path).isSymbolicLink()) throw new ProposeError(`--propose: ${path} is a symbolic link: the config to edit must be a regular file (edit the file it points to)`);
    bytes = readBoundedFile(path, MAX_CONFIG_BYTES);
  } catch (e) {
    if (e instanceof BoundedFileError || (e as NodeJS.ErrnoException).code) throw new ProposeError(`--propose: ${path}: ${(e as Error).message}`);
    throw e;
  }
  const decoded = decodeConfigBytes(bytes, path);
  if ('error' in decoded) throw new ProposeError(`--propose: ${decoded.error}`);
  return bytes.toString('utf8');
}

/** Temporary file, normal loader, the new policies checked, then rename; the temporary file never stays behind. */
function writeChecked(path: string, text: string, before: AppConfig, steps: readonly ConfigStep[], analysis: ReportsAnalysis): void {
  // Beside the config, with its extension: the loader tells YAML from JSON by it.
  const temporary = join(dirname(path), `.${basename(path, extname(path))}.propose-${process.pid}-${Date.now()}${extname(path)}`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    chmodSync(temporary, lstatSync(path).mode & 0o777);
    const { config, problems } = loadConfigFile(temporary);
    if (!config) {
      const errors = problems.filter((p) => p.severity === 'error').slice(0, 5).map(formatProblem);
      throw new ProposeError(`--propose: the edited config would not load (${errors.join('; ')}); nothing was written`);
    }
    for (const step of steps) {
      const inst = config.institutions.find((i) => i.code === step.code);
      const summary = analysis.institutions.find((i) => i.summary.code === step.code)!.summary;
      const want = nextStep(summary.policy)!.to;
      const dmarc = inst?.dmarc ?? {};
      const got = { p: dmarc.policy ?? 'none', t: dmarc.t ?? false, sp: dmarc.subdomainPolicy, np: dmarc.nonexistentSubdomainPolicy };
      if (got.p !== want.p || got.t !== want.t || got.sp !== want.sp || got.np !== want.np) {
        throw new ProposeError(`--propose: the edited config would not publish the step for ${step.code} (a bug: please report it); nothing was written`);
      }
    }
    if (config.institutions.length !== before.institutions.length) throw new ProposeError('--propose: the edited config has another number of institutions (a bug: please report it); nothing was written');
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
