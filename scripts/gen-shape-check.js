'use strict';
// Writes config/generated-shape-checks.ts: the config schema (config/schema.ts) compiled into plain checks that the
// loader runs instead of zod on a valid config (config/shape-compiler.ts says why). Run it after changing the schema:
//   node scripts/gen-shape-check.js
// It builds dist/ first (the compiler and the schema run from there), then writes the file; build again to ship it.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

require('./build').ensureBuilt();
const { shapeCheckSource, SHAPE_CHECK_FILE } = require('../dist/config/shape-check-source');
const file = join(__dirname, '..', SHAPE_CHECK_FILE);
writeFileSync(file, shapeCheckSource());
console.error(`wrote ${SHAPE_CHECK_FILE}`);
