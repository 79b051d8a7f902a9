'use strict';
// The npm scripts' way into the CLI in this repository (`npm run check`, `npm run --silent email-auth -- <command>`):
// builds dist/ first when it is missing or older than the sources, then runs dist/cli/main.js in this same process.
// Build messages go to stderr, so `npm run --silent email-auth -- summary … > summary.md` stays clean.
require('./build').ensureBuilt();
require('../dist/cli/main.js')
  .runCli(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
