import type { FlushScheduler } from './runner-store.js';

/**
 * At most this many store flushes a second. With the shared clock's tick and the odd render of its
 * own (a row measured, a toast), the page stays under the 10 renders a second with room to
 * spare; 8 left none (the ui benchmark saw exactly 10 in its busiest second).
 */
export const MAX_FLUSHES_PER_SECOND = 6;

export interface FrameTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  requestAnimationFrame(fn: () => void): unknown;
}

/**
 * A flush on the next animation frame, but never sooner than 1/MAX_FLUSHES_PER_SECOND s after the
 * previous one: a burst of events becomes one render, a steady stream at most ten a second.
 */
export function frameScheduler(timers: FrameTimers, minGapMs = 1000 / MAX_FLUSHES_PER_SECOND): FlushScheduler {
  let last = Number.NEGATIVE_INFINITY;
  return (fn) => {
    const run = (): void => {
      last = timers.now();
      fn();
    };
    const wait = last + minGapMs - timers.now();
    if (wait <= 0) timers.requestAnimationFrame(run);
    else timers.setTimeout(() => timers.requestAnimationFrame(run), wait);
  };
}

export const browserFrameTimers: FrameTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  requestAnimationFrame: (fn) => window.requestAnimationFrame(() => fn()),
};
