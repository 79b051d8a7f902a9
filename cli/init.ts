import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { installedSpec } from '../io/installed-from';
import { ownPackageJson, packageRoot } from '../io/package-json';
import { terminalText } from '../model/terminal-text';
import { Command, EXIT, Io, parseFlags, UsageError } from './command';
import { nextSteps, scaffoldDependency, scaffoldFiles, ScaffoldFile, TEMPLATE_FILES, TemplateTexts } from './scaffold';

/**
 * `email-auth init [DIR] [--force]`: writes a config-only repository into DIR (default: the working directory),
 * creating it if needed. It never overwrites a file unless `--force` is given: it names every file that exists and
 * writes nothing. Even with `--force`, a path that is a folder or a symbolic link is refused rather than followed.
 */
export const init: Command = {
  run(args, io) {
    const { values, positionals } = parseFlags(args, { force: { type: 'boolean' } }, true);
    if (positionals.length > 1) throw new UsageError(`give at most one folder, got ${positionals.length}`);
    const dir = resolve(positionals[0] ?? '.');
    const pkg = ownPackageJson();
    const installed = installedSpec(packageRoot());
    const files = scaffoldFiles({ templates: readTemplates(), version: pkg.version, installedSpec: installed, peerDependencies: pkg.peerDependencies, folderName: basename(dir) });

    const refused = files.flatMap((file) => {
      const why = occupied(join(dir, file.path), values.force === true);
      return why ? [`${file.path}: ${why}`] : [];
    });
    if (refused.length > 0) {
      for (const line of refused) io.err(terminalText(line));
      io.err(`${refused.length} file${refused.length === 1 ? '' : 's'} in the way in ${terminalText(dir)}; nothing was written.`);
      return EXIT.failed;
    }
    try {
      for (const file of files) writeScaffoldFile(dir, file, values.force === true);
    } catch (e) {
      io.err(terminalText(`cannot write into ${dir}: ${(e as Error).message}`));
      return EXIT.failed;
    }
    io.out(terminalText(`wrote ${files.map((f) => f.path).join(', ')} into ${dir}`));
    const { note } = scaffoldDependency(pkg.version, installed);
    if (note) io.err(terminalText(`note: ${note}`));
    io.out(nextSteps(positionals[0]).map(terminalText).join('\n'));
    return EXIT.ok;
  },
};

function readTemplates(): TemplateTexts {
  const folder = join(packageRoot(), 'templates', 'init');
  const entries = Object.entries(TEMPLATE_FILES).map(([path, template]) => [path, readFileSync(join(folder, template), 'utf8')]);
  return Object.fromEntries(entries) as TemplateTexts;
}

/** Why `path` cannot be written, or undefined when it can: nothing there, or a regular file and `force`. */
function occupied(path: string, force: boolean): string | undefined {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent (`.github`) is a file; writing will fail with the message below.
    return code === 'ENOENT' ? undefined : code === 'ENOTDIR' ? 'a folder on its path is a file' : `cannot be checked (${code})`;
  }
  if (stat.isSymbolicLink()) return 'is a symbolic link (not followed, even with --force)';
  if (!stat.isFile()) return 'exists and is not a regular file (not replaced, even with --force)';
  return force ? undefined : 'exists (use --force to replace it)';
}

/** Creates the file exclusively; with `force`, replaces an existing one whole (written beside it, then renamed over). */
function writeScaffoldFile(dir: string, file: ScaffoldFile, force: boolean): void {
  const path = join(dir, file.path);
  mkdirSync(dirname(path), { recursive: true });
  if (!force) return writeFileSync(path, file.text, { flag: 'wx' });
  const temporary = `${path}.email-auth-init-${process.pid}`;
  writeFileSync(temporary, file.text, { flag: 'wx' });
  renameSync(temporary, path);
}
