import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { ReconnectScheduler } from '../../src/main/ble/central/index.js';

describe('ReconnectScheduler', () => {
  const make = (kind: 'fixed' | 'linear' | 'exponential', maxAttempts = 4) => {
    const clock = new ManualClock();
    const attempts: number[] = [];
    const gaveUp: number[] = [];
    const s = new ReconnectScheduler({
      clock,
      policy: { kind, baseMs: 500, capMs: 3_000, jitter: 0.1, maxAttempts },
      random: () => 0.5, // no jitter offset: exact delays
      attempt: () => attempts.push(clock.now() - start),
      onGiveUp: (_id, n) => gaveUp.push(n),
    });
    const start = clock.now();
    return { clock, s, attempts, gaveUp };
  };

  it('spaces attempts exponentially, capped, and gives up after max attempts', async () => {
    const { clock, s, attempts, gaveUp } = make('exponential');
    const delays: Array<number | null> = [];
    for (let i = 0; i < 5; i++) delays.push(s.failed('p'));
    expect(delays).toEqual([500, 1000, 2000, 3000, null]);
    expect(gaveUp).toEqual([4]);
    expect(s.isScheduled('p')).toBe(false);
    await clock.advance(10_000);
    expect(attempts).toEqual([]);
  });

  it('fires the attempt when the delay has passed', async () => {
    const { clock, s, attempts } = make('linear');
    s.failed('p');
    await clock.advance(499);
    expect(attempts).toEqual([]);
    await clock.advance(1);
    expect(attempts).toEqual([500]);
    expect(s.failed('p')).toBe(1000);
  });

  it('jitters within the policy bounds', () => {
    const clock = new ManualClock();
    const low = new ReconnectScheduler({ clock, policy: { kind: 'fixed', baseMs: 1000, capMs: 5000, jitter: 0.1, maxAttempts: 9 }, random: () => 0, attempt: () => undefined });
    const high = new ReconnectScheduler({ clock, policy: { kind: 'fixed', baseMs: 1000, capMs: 5000, jitter: 0.1, maxAttempts: 9 }, random: () => 0.999, attempt: () => undefined });
    expect(low.failed('p')).toBe(900);
    expect(high.failed('p')).toBe(1100);
  });

  it('a peer given up on is due for a fresh round 60 s later, not before; success and forget clear it', async () => {
    const { clock, s } = make('fixed', 2);
    expect(s.retryDue('p')).toBe(false);
    s.failed('p');
    s.failed('p');
    expect(s.failed('p')).toBeNull(); // gave up
    await clock.advance(59_999);
    expect(s.retryDue('p')).toBe(false);
    await clock.advance(1);
    expect(s.retryDue('p')).toBe(true);
    s.forget('p');
    expect(s.retryDue('p')).toBe(false);
    expect(s.failed('p')).toBe(500); // a fresh round starts from the first delay
    s.failed('p');
    s.failed('p');
    await clock.advance(60_000);
    s.succeeded('p');
    expect(s.retryDue('p')).toBe(false);
  });

  it('resets on success and forgets evicted peers', async () => {
    const { clock, s, attempts } = make('exponential');
    s.failed('p');
    s.failed('p');
    s.succeeded('p');
    expect(s.failuresOf('p')).toBe(0);
    expect(s.failed('p')).toBe(500);
    s.forget('p');
    await clock.advance(5_000);
    expect(attempts).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
