import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastLine, playwrightCounts, summarize, vitestCounts, type Step } from '../../scripts/test-summary.mjs';

const fixture = (name: string): never => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as never;
const allOk: Step[] = [
  { label: 'typecheck', ok: true, seconds: 9.14 },
  { label: 'lint', ok: true, seconds: 20 },
  { label: 'build', ok: true, seconds: 3.2 },
];

describe("npm test's summary: tests are counted, steps are reported", () => {
  it.each([
    { name: 'passed steps add nothing to passed', steps: allOk, last: '6 passed, 1 failed, 2 skipped', failed: 1 },
    {
      name: 'a failed step is one failure, on its own line',
      steps: [allOk[0]!, { label: 'lint', ok: false, exit: 1, seconds: 20 }, allOk[2]!],
      last: '6 passed, 2 failed, 2 skipped', failed: 2, line: 'lint: FAILED (exit 1) in 20.0 s',
    },
    {
      name: 'every step failing is three failures',
      steps: allOk.map((s) => ({ ...s, ok: false, exit: 2 })),
      last: '6 passed, 4 failed, 2 skipped', failed: 4, line: 'typecheck: FAILED (exit 2) in 9.1 s',
    },
  ])('$name', ({ steps, last, failed, line }) => {
    const s = summarize({ steps, suites: [{ label: 'unit', counts: vitestCounts(fixture('vitest-report.json')) }] });
    expect(s.last).toBe(last);
    expect(s.totals.failed).toBe(failed);
    expect(s.lines.slice(0, 3).map((l) => l.split(':')[0])).toEqual(['typecheck', 'lint', 'build']);
    if (line) expect(s.lines).toContain(line);
    else expect(s.lines.slice(0, 3)).toEqual(['typecheck: ok in 9.1 s', 'lint: ok in 20.0 s', 'build: ok in 3.2 s']);
  });

  it('a vitest suite that failed to load counts once per suite when no test failed', () => {
    expect(vitestCounts(fixture('vitest-import-error.json'))).toEqual({ passed: 0, failed: 2, skipped: 0, flaky: [] });
  });

  it('a Playwright test that passed only on retry is flaky on its own line, not passed', () => {
    const e2e = playwrightCounts(fixture('playwright-report.json'));
    expect(e2e).toEqual({ passed: 1, failed: 1, skipped: 1, flaky: ['worker.spec.ts › power › unplugging pauses the worker'] });
    const s = summarize({ steps: allOk, suites: [{ label: 'e2e', counts: e2e }] });
    expect(s.last).toBe('1 passed, 1 failed, 1 skipped');
    expect(s.totals.flaky).toBe(1);
    expect(s.lines).toContain('e2e flaky (passed only on retry, not counted as passed): 1: worker.spec.ts › power › unplugging pauses the worker');
  });

  it('a suite with no report is one failure and says why', () => {
    const s = summarize({ steps: allOk, suites: [
      { label: 'unit', counts: vitestCounts(fixture('vitest-report.json')) },
      { label: 'e2e', missing: 'not run because the build failed' },
    ] });
    expect(s.last).toBe('6 passed, 2 failed, 2 skipped');
    expect(s.lines).toContain('e2e: not run because the build failed (counted as 1 failure)');
  });

  it('the last line keeps the format CI parses', () => {
    expect(lastLine({ passed: 12, failed: 0, skipped: 0 })).toBe('12 passed, 0 failed');
    expect(lastLine({ passed: 12, failed: 3, skipped: 4 })).toBe('12 passed, 3 failed, 4 skipped');
    expect(summarize({ steps: allOk, suites: [] }).last).toBe('0 passed, 0 failed');
  });
});
