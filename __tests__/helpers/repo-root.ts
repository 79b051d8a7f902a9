import { resolve } from 'node:path';

/** The repository's root folder (where package.json is). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
