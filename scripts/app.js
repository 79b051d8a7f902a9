'use strict';
// cdktf.json's app and `npm run synth` in this repository: builds dist/ first when it is missing or older than the
// sources (no install hook builds it), then runs the compiled app in this same process (dist/main.js).
require('./build').ensureBuilt();
require('../dist/main.js');
