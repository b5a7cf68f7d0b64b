import type { Browser, Page } from '@playwright/test';

/**
 * The page's main-thread tasks from a Chromium trace: unlike the Long Tasks API (which reports only
 * tasks over 50 ms), this gives the longest task whatever its length, so a benchmark can say how much
 * room is left under a goal. Trace events: https://chromium.googlesource.com/chromium/src/+/main/docs/
 */
export interface TaskFigures {
  tasks: number;
  longestTaskMs: number;
  /** The 99th percentile of tasks over 1 ms (most tasks are tiny timers and messages). */
  p99TaskMs: number;
}

interface TraceEvent { name?: string; ph?: string; pid?: number; tid?: number; dur?: number; args?: { name?: string } }

/** Runs `during` with the page traced; returns what it returned and the tasks seen meanwhile. */
export async function traceTasks<T>(browser: Browser, page: Page, during: () => Promise<T>): Promise<{ result: T; tasks: TaskFigures }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  // The trace is stopped whether or not `during` fails (a second startTracing would refuse).
  const outcome = await during().then((result) => ({ ok: true as const, result }), (err: unknown) => ({ ok: false as const, err }));
  const buffer = await browser.stopTracing();
  if (!outcome.ok) throw outcome.err;
  return { result: outcome.result, tasks: tasksOf(JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }) };
}

export function tasksOf(trace: { traceEvents: TraceEvent[] }): TaskFigures {
  const mainThreads = new Set<string>();
  for (const e of trace.traceEvents) {
    if (e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainThreads.add(`${e.pid}:${e.tid}`);
  }
  const durations = trace.traceEvents
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`))
    .map((e) => (e.dur ?? 0) / 1000);
  const over1 = durations.filter((d) => d > 1).sort((a, b) => a - b);
  return {
    tasks: durations.length,
    longestTaskMs: Math.round(Math.max(0, ...durations)),
    p99TaskMs: Math.round(over1[Math.floor(over1.length * 0.99)] ?? 0),
  };
}
