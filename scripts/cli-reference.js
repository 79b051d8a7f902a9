'use strict';
// `npm run docs:cli`: writes docs/cli.md from the command tables (cli/commands/*.ts, through dist/cli/reference.js),
// building dist/ first when the sources changed. Written beside the target, then renamed over it: never half a file.
require('./build').ensureBuilt();
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { cliReference, REFERENCE_FILE } = require('../dist/cli/reference.js');
const { COMMAND_SPECS } = require('../dist/cli/commands/index.js');

const target = join(__dirname, '..', REFERENCE_FILE);
const temporary = `${target}.tmp-${process.pid}`;
writeFileSync(temporary, cliReference(COMMAND_SPECS));
renameSync(temporary, target);
process.stderr.write(`wrote ${REFERENCE_FILE}\n`);
