import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The fields of this package's own package.json that the code reads. */
export interface OwnPackageJson {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Readonly<Record<string, string>>;
}

export const PACKAGE_NAME = 'email-auth-dns';

/** Where the project lives: package.json's repository, homepage and bugs say the same (a test holds them together). */
export const REPOSITORY_URL = 'https://github.com/email-auth-dns/email-auth-dns';

/**
 * The tarball the release workflow attaches to the GitHub release of `v<version>` (`npm pack`'s file name): the
 * dependency to write until that version is on the npm registry. `npm ci` installs it on any runner that reaches
 * GitHub, and the lock file keeps its integrity (docs/install.md).
 */
export function releaseTarballUrl(version: string): string {
  return `${REPOSITORY_URL}/releases/download/v${version}/${PACKAGE_NAME}-${version}.tgz`;
}

let cached: OwnPackageJson | undefined;
let cachedRoot: string | undefined;

/**
 * This package's package.json: the nearest one above this file that names the package. Compiled code sits one
 * folder deeper (`dist/io/`) than the sources that jest runs (`io/`), so the file is found by walking up, not by a
 * fixed relative path. At most 4 folders up: the package root is never further.
 */
export function ownPackageJson(): OwnPackageJson {
  if (cached) return cached;
  let dir = __dirname;
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    let text: string;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      continue;
    }
    const json = JSON.parse(text) as Partial<OwnPackageJson>;
    if (json.name === PACKAGE_NAME && typeof json.version === 'string') {
      cached = { name: json.name, version: json.version, peerDependencies: json.peerDependencies ?? {} };
      cachedRoot = dir;
      return cached;
    }
  }
  throw new Error(`${PACKAGE_NAME}: its package.json was not found above ${__dirname}`);
}

/** The folder of this package (where package.json, dist/ and templates/ are). */
export function packageRoot(): string {
  ownPackageJson();
  return cachedRoot!;
}
