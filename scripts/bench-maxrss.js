'use strict';
// Preload used by bench-measure.js only when GNU time is missing: records the process's peak RSS (KB) at exit.
// It registers one exit listener and does nothing else, so it does not change what it measures.
process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS)));
