// Prints one plain closing line, `N passed, N failed, N skipped`, so that CI logs and pipelines can read the totals
// without parsing jest's layout. Skipped counts tests skipped because terraform or BIND is missing (each such suite
// also prints why).
const { writeSync } = require('node:fs');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: todo } = results;
    // Jest always runs its own summary reporter after every configured one: print at exit so this line comes last,
    // on stderr like jest's summary (so a merged log keeps the order).
    process.once('exit', () => writeSync(2, `${passed} passed, ${failed} failed, ${skipped + todo} skipped\n`));
  }
}

module.exports = TotalsReporter;
