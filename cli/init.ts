import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CoreName, CORES } from '../core/packages';
import { fileErrorText, writeErrorText } from '../io/file-error';
import { installedSpec } from '../io/installed-from';
import { ownPackageJson, packageRoot } from '../io/package-json';
import { closest } from '../model/suggest';
import { terminalText } from '../model/terminal-text';
import { Command, EXIT, Io, UsageError } from './command';
import { INIT } from './commands/init';
import { DEFAULT_SCAFFOLD_CORE, nextSteps, scaffoldDependency, scaffoldFiles, ScaffoldFile, TEMPLATE_FILES, TemplateTexts } from './scaffold';

/**
 * `email-auth init [DIR] [--core cdktn|cdktf] [--force]`: writes a config-only repository into DIR (default: the
 * working directory), creating it if needed, whose package.json depends on the core given (default cdktn, CDK
 * Terrain). It never overwrites a file unless `--force` is given: it names every file that exists and writes
 * nothing. Even with `--force`, a path that is a folder or a symbolic link is refused rather than followed.
 */
export const init: Command<typeof INIT> = {
  run({ values, positionals }, io) {
    const core = coreFlag(values.core);
    const dir = resolve(positionals[0] ?? '.');
    const pkg = ownPackageJson();
    const installed = installedSpec(packageRoot());
    const files = scaffoldFiles({ templates: readTemplates(), version: pkg.version, installedSpec: installed, peerDependencies: pkg.peerDependencies, core, folderName: basename(dir) });

    const refused = files.flatMap((file) => {
      const why = occupied(dir, file.path, values.force === true);
      return why ? [`${file.path}: ${why}`] : [];
    });
    if (refused.length > 0) {
      for (const line of refused) io.err(terminalText(line));
      io.err(`${refused.length} file${refused.length === 1 ? '' : 's'} in the way in ${terminalText(dir)}; nothing was written.`);
      return EXIT.usage;
    }
    try {
      for (const file of files) writeScaffoldFile(dir, file, values.force === true);
    } catch (e) {
      io.err(terminalText(`cannot write into ${dir}: ${(e as NodeJS.ErrnoException).path ?? dir} ${writeErrorText(e)}`));
      return EXIT.usage;
    }
    io.out(terminalText(`wrote ${files.map((f) => f.path).join(', ')} into ${dir}`));
    const { note } = scaffoldDependency(pkg.version, installed);
    if (note) io.err(terminalText(`note: ${note}`));
    io.out(nextSteps(positionals[0]).map(terminalText).join('\n'));
    return EXIT.ok;
  },
};

/** `--core NAME`: one of {@link CORES}, else a usage error with the closest name; the default when absent. */
export function coreFlag(value: string | undefined): CoreName {
  if (value === undefined) return DEFAULT_SCAFFOLD_CORE;
  if ((CORES as readonly string[]).includes(value)) return value as CoreName;
  const near = closest(value, CORES);
  throw new UsageError(`--core must be ${CORES.join(' or ')}, got ${JSON.stringify(value)}${near ? ` (did you mean "${near}"?)` : ''}`);
}

function readTemplates(): TemplateTexts {
  const folder = join(packageRoot(), 'templates', 'init');
  const entries = Object.entries(TEMPLATE_FILES).map(([path, template]) => [path, readFileSync(join(folder, template), 'utf8')]);
  return Object.fromEntries(entries) as TemplateTexts;
}

/**
 * Why `dir/rel` cannot be written, or undefined when it can: nothing there, or a regular file and `force`. Every
 * component below `dir` is checked, not only the file: a `.github` that is a link would have the file written
 * wherever it points (and with `force`, a file there replaced). `dir` itself is what the user named.
 */
function occupied(dir: string, rel: string, force: boolean): string | undefined {
  const parts = rel.split('/');
  let at = dir;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const last = i === parts.length - 1;
    let stat;
    try {
      stat = lstatSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOENT: nothing there, nor below. ENOTDIR: a folder on the path (or DIR) is a file.
      return code === 'ENOENT' ? undefined : code === 'ENOTDIR' ? 'a folder on its path is a file' : fileErrorText(e);
    }
    if (stat.isSymbolicLink()) {
      return last ? 'is a symbolic link (not followed, even with --force)' : `${parts.slice(0, i + 1).join('/')} on its path is a symbolic link (not followed, even with --force)`;
    }
    if (!last && !stat.isDirectory()) return 'a folder on its path is a file';
    if (last && !stat.isFile()) return 'exists and is not a regular file (not replaced, even with --force)';
  }
  return force ? undefined : 'exists (use --force to replace it)';
}

/** Creates the file exclusively; with `force`, replaces an existing one whole (written beside it, then renamed over). */
function writeScaffoldFile(dir: string, file: ScaffoldFile, force: boolean): void {
  const path = join(dir, file.path);
  // Checked again as it is written, before and after its folders are made: a link put on the path since the first
  // check is refused all the same.
  const check = () => {
    const why = occupied(dir, file.path, force);
    if (why) throw new Error(`${file.path}: ${why}`);
  };
  check();
  mkdirSync(dirname(path), { recursive: true });
  check();
  if (!force) return writeFileSync(path, file.text, { flag: 'wx' });
  const temporary = `${path}.email-auth-init-${process.pid}`;
  writeFileSync(temporary, file.text, { flag: 'wx' });
  renameSync(temporary, path);
}
