'use strict';
// Preload used by bench-measure.js only when GNU time is missing: records the process's peak RSS (KB) and CPU
// seconds at exit, in GNU time's `%M %U %S` format.
// It registers one exit listener and does nothing else, so it does not change what it measures.
process.on('exit', () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.BENCH_MAXRSS_FILE, `${maxRSS} ${userCPUTime / 1e6} ${systemCPUTime / 1e6}`);
});
