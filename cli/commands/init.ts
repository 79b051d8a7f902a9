import { commandSpec } from '../spec';

export const INIT = commandSpec({
  name: 'init',
  summary: 'write a config-only repository: institutions.yaml, cdktf.json, package.json (on the CDK core of --core), .gitignore, workflow, README',
  usage: 'init [DIR] [--core cdktn|cdktf] [--force]',
  options: {
    core: { type: 'string', value: 'cdktn|cdktf', description: "the CDK core the new repository's package.json depends on: CDK Terrain (maintained) or the archived cdktf", defaultText: 'cdktn' },
    force: { type: 'boolean', description: 'replace files that exist (never a folder or a symbolic link)' },
  },
  positionals: { name: 'DIR', description: 'the folder to write into, created if needed (default: the working folder)', max: 1 },
  exits: {
    0: 'the files were written',
    2: 'nothing was written: a usage error, a file in the way (see --force), or a folder that cannot be written',
  },
  example: 'init our-dns --core cdktn',
});
