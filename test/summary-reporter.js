import process from 'node:process';

/** Ends the run with the plain line CI reads: `N passed, N failed`. */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    // stderr, like jest's own summary, so this line comes after it.
    process.stderr.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
