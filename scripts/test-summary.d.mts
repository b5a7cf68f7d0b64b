export interface Step {
  label: string;
  ok: boolean;
  exit?: number | string;
  seconds?: number;
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  /** Titles of tests that passed only on a retry (not in `passed`). */
  flaky: string[];
}

export type Suite = { label: string; counts: Counts } | { label: string; counts?: undefined; missing: string };

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
}

export function stepLine(step: Step): string;
export function playwrightFlakyTitles(report: unknown): string[];
export function vitestCounts(report: {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  numPendingTests: number;
  numTodoTests: number;
}): Counts;
export function playwrightCounts(report: { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }): Counts;
export function summarize(input: { steps: Step[]; suites: Suite[] }): { lines: string[]; totals: Totals; last: string };
export function lastLine(totals: Pick<Totals, 'passed' | 'failed' | 'skipped'>): string;
