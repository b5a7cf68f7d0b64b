import { describe, expect, it } from 'vitest';
import { nextPullDelay } from '../../src/main/worker/pull-backoff.js';
import type { PullOutcome } from '../../src/main/worker/pull-backoff.js';
import { swarmActivityLine } from '../../src/main/worker/swarm-activity.js';

describe('pull backoff', () => {
  const cases: Array<[PullOutcome, number, number, { delayMs: number; quiet: number }]> = [
    ['work', 5, 0.9, { delayMs: 0, quiet: 0 }],
    ['empty', 0, 0.5, { delayMs: 2_000, quiet: 1 }],
    ['empty', 1, 0.5, { delayMs: 4_000, quiet: 2 }],
    ['failed', 2, 0.5, { delayMs: 8_000, quiet: 3 }],
    ['empty', 3, 0.5, { delayMs: 15_000, quiet: 4 }],
    ['empty', 40, 0.5, { delayMs: 15_000, quiet: 41 }],
    ['empty', 0, 0, { delayMs: 1_800, quiet: 1 }],
    ['empty', 9, 0.999999, { delayMs: 16_500, quiet: 10 }],
    ['deferred', 2, 0.5, { delayMs: 15_000, quiet: 2 }],
    ['deferred', 0, 0, { delayMs: 13_500, quiet: 0 }],
  ];
  it.each(cases)('%s after %i quiet pulls (random %f)', (outcome, quiet, random, expected) => {
    expect(nextPullDelay(outcome, quiet, () => random)).toEqual(expected);
  });
});

describe('Activity lines for swarm tasks', () => {
  const base = { subtaskId: 'sub-1', taskId: 'task-1', ok: true, durationMs: 1_234 };
  it.each([
    [{ ...base, report: 'accepted' as const }, 'info', 'Ran swarm task sub-1 for the coordinator in 1.2 s.'],
    [{ ...base, ok: false, error: 'inference run-3 timed out after 500 ms', report: 'accepted' as const }, 'warn', 'The swarm task sub-1 failed after 1.2 s (reported to the coordinator): inference run-3 timed out after 500 ms.'],
    [{ ...base, report: 'lease-expired' as const }, 'warn', 'Finished swarm task sub-1 in 1.2 s, too late: the coordinator had given it to another worker, so the result was discarded.'],
    [{ ...base, report: 'undelivered' as const, reportError: 'coordinator unreachable' }, 'warn', 'Ran swarm task sub-1 in 1.2 s but could not report it: coordinator unreachable.'],
    [{ ...base, subtaskId: 'sub-0123456789abcdef0123456789', report: 'abandoned' as const }, 'info', 'Stopped swarm task sub-0123456789abcdef0… after 1.2 s: the coordinator will give it to another worker.'],
    [{ ...base, report: 'handed-back' as const }, 'info', 'Handed swarm task sub-1 back to the coordinator: it arrived after the worker stopped, so another worker takes it now.'],
    [{ ...base, report: 'handed-back' as const, reportError: 'coordinator unreachable' }, 'warn', 'Could not hand back swarm task sub-1, which arrived after the worker stopped (coordinator unreachable): the coordinator gives it to another worker when its lease runs out.'],
    [{ ...base, report: 'accepted' as const, extras: { answeredAs: 'coding_task' as const, language: 'python', iterations: 2, cpuSeconds: 1.38 } }, 'info', 'Ran a Python task for the swarm: ok after 2 attempts, 1.4 CPU-s.'],
    [{ ...base, ok: false, error: 'Traceback (most recent call last):\n  File "<exec>", line 1\nNameError: name \'x\' is not defined\n', report: 'accepted' as const, extras: { answeredAs: 'coding_task' as const, language: 'javascript', iterations: 2, cpuSeconds: 0.04, reason: 'max_iterations' } },
      'warn', "Ran a JavaScript task for the swarm: failed after 2 attempts (max iterations), 0.0 CPU-s: NameError: name 'x' is not defined."],
    [{ ...base, report: 'accepted' as const, extras: { answeredAs: 'completion' as const, note: 'no language given: answered as a completion, no code was run' } }, 'info', 'Ran swarm task sub-1 for the coordinator in 1.2 s.'],
  ])('%#', (event, level, text) => {
    expect(swarmActivityLine(event)).toEqual({ level, text });
  });
});

