import process from 'node:process';

/** Ends the run with the plain line CI reads: `N passed, N failed`. */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    // At exit, so it comes after jest's own summary whatever order reporters finish in.
    process.once('exit', () => process.stderr.write(`\n${results.numPassedTests} passed, ${failed} failed\n`));
  }
}
