// Prints one plain closing line after jest's own summary, `N passed, N failed, N skipped`, so that CI logs and
// pipelines can read the totals without parsing jest's layout. Skipped counts tests skipped because terraform or
// BIND is missing (each such suite also prints why).
class TotalsReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: todo } = results;
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped + todo} skipped\n`);
  }
}

module.exports = TotalsReporter;
