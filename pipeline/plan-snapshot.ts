/**
 * The configuration a saved plan carries. A plan file (`terraform plan -out`) is a zip archive: `tfplan` (the changes),
 * `tfstate` and `tfstate-prev`, the lock file, and a snapshot of the configuration it was made from under `tfconfig/`
 * (`tfconfig/m-/<file>` for the root module's files, `tfconfig/modules.json` listing the modules). `terraform apply
 * PLANFILE` would apply that snapshot, not the files in the folder. Comparing it byte for byte with the merged
 * commit's synth is the early, named refusal of a plan made from any other configuration; the plan file comes from
 * a CI artifact, so it is unpacked with bounds on entries and sizes.
 */

/** A saved plan of one of our stacks holds 7 entries of kilobytes. */
export const SNAPSHOT_LIMITS = {
  /** Entries in the archive. */
  entries: 64,
  /** Declared size of the configuration files, together. */
  configBytes: 64 * 1024 * 1024,
} as const;

/** The plan file cannot be read as one; the message says why (never its content). */
export class PlanSnapshotError extends Error {}

const ROOT_MODULE = 'tfconfig/m-/';
const MODULES_JSON = 'tfconfig/modules.json';

/** Thrown inside fflate's entry filter to stop reading the archive. */
class Refused extends Error {}

/**
 * The root module's files of a saved plan's configuration snapshot, by file name. Throws {@link PlanSnapshotError}
 * when the bytes are not a zip, hold more than {@link SNAPSHOT_LIMITS}, repeat a name, or the snapshot has modules.
 */
export function planConfigurationFiles(plan: Uint8Array, limits: { entries: number; configBytes: number } = SNAPSHOT_LIMITS): Map<string, Uint8Array> {
  if (!(plan[0] === 0x50 && plan[1] === 0x4b && plan[2] === 0x03 && plan[3] === 0x04)) throw new PlanSnapshotError('is not a saved plan (not a zip archive)');
  // fflate is loaded only here: apply needs it, no other command.
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const names = new Set<string>();
  let entries = 0;
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(plan, {
      // The filter sees each entry's name and declared sizes before anything is inflated (fflate inflates into a buffer
      // of the declared size), so the declared sizes bound the memory.
      filter: (file) => {
        if (++entries > limits.entries) throw new Refused(`has more than ${limits.entries} entries`);
        // fflate keeps one entry per name (the last): a repeated name could hide a file, so it is refused.
        if (names.has(file.name)) throw new Refused(`has two entries named ${JSON.stringify(file.name.slice(0, 100))}`);
        names.add(file.name);
        if (file.name !== MODULES_JSON && !file.name.startsWith('tfconfig/')) return false;
        if (file.name !== MODULES_JSON && !(file.name.startsWith(ROOT_MODULE) && /^[^/\\]+$/.test(file.name.slice(ROOT_MODULE.length)))) {
          throw new Refused(`holds configuration outside the root module (${JSON.stringify(file.name.slice(0, 100))}): synth writes no module`);
        }
        if (file.compression !== 0 && file.compression !== 8) throw new Refused(`uses zip compression method ${file.compression}`);
        declared += file.originalSize;
        if (declared > limits.configBytes) throw new Refused(`holds more than ${limits.configBytes} bytes of configuration`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof Refused) throw new PlanSnapshotError(e.message);
    throw new PlanSnapshotError('is not a valid zip archive');
  }
  const modules = files[MODULES_JSON];
  if (!modules || !isRootOnly(modules)) throw new PlanSnapshotError('has no configuration snapshot of a single root module (tfconfig/modules.json)');
  const config = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) if (name !== MODULES_JSON) config.set(name.slice(ROOT_MODULE.length), bytes);
  return config;
}

/** `[{"Key":"","Dir":"."}]`: the root module and no other. */
function isRootOnly(bytes: Uint8Array): boolean {
  let list: unknown;
  try {
    list = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(list) || list.length !== 1) return false;
  const root = list[0] as { Key?: unknown; Dir?: unknown } | null;
  return root !== null && typeof root === 'object' && root.Key === '' && root.Dir === '.';
}

/**
 * How a plan's configuration snapshot differs from the trusted stack's Terraform files (name → bytes): one line per
 * file that differs, is missing from the plan, or is in the plan only. Empty when they are the same files, byte for
 * byte.
 */
export function snapshotDifferences(snapshot: ReadonlyMap<string, Uint8Array>, trusted: ReadonlyMap<string, Uint8Array>): string[] {
  const out: string[] = [];
  for (const [name, bytes] of trusted) {
    const planned = snapshot.get(name);
    if (!planned) out.push(`${name} is not in the plan's configuration`);
    else if (!Buffer.from(planned).equals(Buffer.from(bytes))) out.push(`${name} differs`);
  }
  for (const name of snapshot.keys()) if (!trusted.has(name)) out.push(`${JSON.stringify(name.slice(0, 100))} is in the plan's configuration only`);
  return out.sort();
}
