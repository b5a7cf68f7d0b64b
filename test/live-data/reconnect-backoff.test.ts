import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, Reconnector } from '../../src/renderer/bridge/reconnect-backoff.js';

describe('reconnect backoff', () => {
  it('doubles from 0.5 s up to a 10 s cap, jittered into the upper half', () => {
    const low = (n: number): number => backoffDelay(n, { ...DEFAULT_BACKOFF, random: () => 0 });
    const high = (n: number): number => backoffDelay(n, { ...DEFAULT_BACKOFF, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(low)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(high)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('retries on the schedule after each failure, starts over after a success, and stops for good', () => {
    const timers: Array<{ ms: number; fn: () => void }> = [];
    let connects = 0;
    const r = new Reconnector(() => connects++, { setTimeout: (fn, ms) => timers.push({ ms, fn }), clearTimeout: () => timers.splice(0) }, { ...DEFAULT_BACKOFF, random: () => 0.5 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      r.failed();
      expect(r.failed()).toBe(0); // already scheduled: one timer at a time
      const t = timers.shift();
      waits.push(t?.ms ?? -1);
      t?.fn();
    }
    expect(waits).toEqual([375, 750, 1500, 3000]);
    expect(connects).toBe(4);
    r.connected();
    r.failed();
    expect(timers[0]?.ms).toBe(375);
    r.stop();
    expect(timers).toHaveLength(0);
    expect(r.failed()).toBe(0);
    expect(timers).toHaveLength(0);
  });
});
