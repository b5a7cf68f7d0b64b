// The arithmetic of `npm test`'s summary (scripts/run-tests.mjs), kept apart so it can be tested over
// report fixtures. Tests are counted; steps (typecheck, lint, build, dependencies…) are not tests: each
// gets its own line, a failed step counts as one failure, a passed one counts nothing. A test that
// passed only on a retry is flaky: reported on its own line, never added to "passed".

/** `typecheck: ok in 9.1 s` / `lint: FAILED (exit 1) in 20.0 s`. */
export function stepLine(step) {
  const seconds = step.seconds === undefined ? '' : ` in ${step.seconds.toFixed(1)} s`;
  return `${step.label}: ${step.ok ? 'ok' : `FAILED${step.exit === undefined ? '' : ` (exit ${step.exit})`}`}${seconds}`;
}

/** Titles of Playwright tests whose final status is 'flaky' (failed, then passed on a retry). */
export function playwrightFlakyTitles(report) {
  const titles = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'flaky') titles.push([...path, spec.title].filter(Boolean).join(' › '));
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report?.suites ?? []) walk(suite, [suite.title]);
  return titles;
}

/** A vitest JSON report as counts (a suite that failed with no failed test, e.g. an import error, is one failure). */
export function vitestCounts(report) {
  const suiteOnlyFailures = report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0;
  // vitest's JSON report carries no retry count; a test with a retry that passed shows as passed.
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + suiteOnlyFailures,
    skipped: report.numPendingTests + report.numTodoTests,
    flaky: [],
  };
}

/** A Playwright JSON report as counts: `expected` passed first time; `flaky` passed only on retry. */
export function playwrightCounts(report) {
  const { expected, unexpected, flaky, skipped } = report.stats;
  const titles = playwrightFlakyTitles(report);
  return { passed: expected, failed: unexpected, skipped, flaky: titles.length === flaky ? titles : [...titles, ...Array(Math.max(0, flaky - titles.length)).fill('(untitled)')] };
}

/**
 * The whole summary: `steps` ({label, ok, exit?, seconds?}), and test `suites` ({label, counts} where
 * counts come from vitestCounts/playwrightCounts, or {label, missing: why} when no report was written,
 * which counts as one failure). Returns the lines to print and the totals of the last line.
 */
export function summarize({ steps, suites }) {
  const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
  const lines = [];
  for (const step of steps) {
    lines.push(stepLine(step));
    if (!step.ok) totals.failed += 1;
  }
  for (const suite of suites) {
    if (!suite.counts) {
      totals.failed += 1;
      lines.push(`${suite.label}: ${suite.missing} (counted as 1 failure)`);
      continue;
    }
    const c = suite.counts;
    totals.passed += c.passed;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
    totals.flaky += c.flaky.length;
    lines.push(`${suite.label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
    if (c.flaky.length) lines.push(`${suite.label} flaky (passed only on retry, not counted as passed): ${c.flaky.length}: ${c.flaky.join('; ')}`);
  }
  return { lines, totals, last: lastLine(totals) };
}

/** The line CI parses: `N passed, N failed[, N skipped]`. */
export function lastLine(totals) {
  return `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
}
