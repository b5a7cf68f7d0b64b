import type { Page } from '@playwright/test';

/**
 * Counts React commits and long tasks in the dashboard, from outside the app: a minimal React
 * DevTools hook (React reports every commit to it, production build included) and a
 * PerformanceObserver for 'longtask'. Installed before the page's scripts run.
 */
// A string, not a function: a bundler's helpers (esbuild's __name under tsx) would not exist in the page.
const METER_SCRIPT = `(() => {
  const meter = { commits: [], longTasks: [] };
  window.__renderMeter = meter;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberRoot() { meter.commits.push(performance.now()); },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) meter.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
})();`;

export async function installRenderMeter(page: Page): Promise<void> {
  await page.addInitScript({ content: METER_SCRIPT });
}

export interface RenderFigures {
  windowMs: number;
  commits: number;
  rendersPerSecond: number;
  /** The most commits in any one-second window. */
  maxRendersInOneSecond: number;
  longestTaskMs: number;
  longTasks: number;
  storeEventsApplied: number;
  storeEventsDropped: number;
}

/** Measures from now until `done` resolves (a condition the caller waits on, e.g. N events applied). */
export async function measureRenders(page: Page, done: () => Promise<unknown>): Promise<RenderFigures> {
  const start = await page.evaluate(() => {
    const m = (window as unknown as { __renderMeter: { commits: number[]; longTasks: number[] } }).__renderMeter;
    m.commits.length = 0;
    m.longTasks.length = 0;
    const s = (window as unknown as { __edgecoderStore?: { applied: number; dropped: number } }).__edgecoderStore;
    return { at: performance.now(), applied: s?.applied ?? 0, dropped: s?.dropped ?? 0 };
  });
  await done();
  const raw = await page.evaluate(() => {
    const m = (window as unknown as { __renderMeter: { commits: number[]; longTasks: number[] } }).__renderMeter;
    const s = (window as unknown as { __edgecoderStore?: { applied: number; dropped: number } }).__edgecoderStore;
    return { at: performance.now(), commits: [...m.commits], longTasks: [...m.longTasks], applied: s?.applied ?? 0, dropped: s?.dropped ?? 0 };
  });
  const windowMs = raw.at - start.at;
  let maxInSecond = 0;
  for (let i = 0, j = 0; i < raw.commits.length; i++) {
    while ((raw.commits[i] ?? 0) - (raw.commits[j] ?? 0) >= 1000) j++;
    maxInSecond = Math.max(maxInSecond, i - j + 1);
  }
  return {
    windowMs: Math.round(windowMs),
    commits: raw.commits.length,
    rendersPerSecond: Number(((raw.commits.length * 1000) / windowMs).toFixed(2)),
    maxRendersInOneSecond: maxInSecond,
    longestTaskMs: Math.round(Math.max(0, ...raw.longTasks)),
    longTasks: raw.longTasks.length,
    storeEventsApplied: raw.applied - start.applied,
    storeEventsDropped: raw.dropped - start.dropped,
  };
}

/** Resolves once the store has applied `n` more events named `name` than now (live data keeps arriving). */
export async function eventsApplied(page: Page, name: string, n: number, timeoutMs = 60_000): Promise<void> {
  const read = (event: string): number =>
    (window as unknown as { __edgecoderStore?: { appliedByName: Record<string, number> } }).__edgecoderStore?.appliedByName[event] ?? 0;
  const from = await page.evaluate(read, name);
  await page.waitForFunction(({ event, target }) =>
    ((window as unknown as { __edgecoderStore?: { appliedByName: Record<string, number> } }).__edgecoderStore?.appliedByName[event] ?? 0) >= target,
  { event: name, target: from + n }, { timeout: timeoutMs, polling: 250 });
}
