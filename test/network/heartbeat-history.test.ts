import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { HeartbeatHistory } from '../../src/main/network/heartbeat-history.js';
import { NetworkMonitor } from '../../src/main/network/network-monitor.js';
import { HEARTBEAT_HISTORY_LIMIT, NetworkSliceSchema } from '../../src/shared/snapshot.js';

describe('HeartbeatHistory', () => {
  it('keeps the newest results, oldest first, never more than its limit', () => {
    const h = new HeartbeatHistory(3);
    for (let i = 1; i <= 5; i++) {
      if (i % 2) h.answered(i * 1000, i * 10);
      else h.failed(i * 1000, `refused ${i}`);
    }
    expect(h.list()).toEqual([
      { at: 3000, ok: true, ms: 30, error: null },
      { at: 4000, ok: false, ms: null, error: 'refused 4' },
      { at: 5000, ok: true, ms: 50, error: null },
    ]);
  });

  it('hands out copies and refuses a limit that is not a positive integer', () => {
    const h = new HeartbeatHistory(2);
    h.answered(1, 5);
    h.list().pop();
    expect(h.list()).toHaveLength(1);
    expect(() => new HeartbeatHistory(0)).toThrow(/positive integer/);
    expect(() => new HeartbeatHistory(2.5)).toThrow(/positive integer/);
  });
});

describe('NetworkMonitor heartbeat timeline', () => {
  it('records every answered and failed heartbeat with its round trip, bounded to the snapshot limit', async () => {
    const clock = new ManualClock();
    let call = 0;
    let link = true;
    const probe = async (): Promise<void> => {
      const n = call++;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 40));
      if (n % 4 === 3) throw new Error('ECONNREFUSED');
    };
    const monitor = new NetworkMonitor({ probe, hasLink: () => link, clock, logger: memoryLogger(), intervalMs: 1_000, probeTimeoutMs: 500 });
    await monitor.start();
    for (let i = 0; i < HEARTBEAT_HISTORY_LIMIT + 7; i++) await clock.advance(i === 0 ? 40 : 1_000);
    const beats = monitor.current.heartbeats;
    expect(beats).toHaveLength(HEARTBEAT_HISTORY_LIMIT);
    expect(beats.filter((b) => b.ok).every((b) => b.ms === 40 && b.error === null)).toBe(true);
    expect(beats.filter((b) => !b.ok).every((b) => b.ms === null && b.error === 'ECONNREFUSED')).toBe(true);
    expect(beats.filter((b) => !b.ok)).toHaveLength(5);
    expect(beats.map((b) => b.at)).toEqual([...beats.map((b) => b.at)].sort((a, b) => a - b));
    expect(() => NetworkSliceSchema.parse(monitor.current)).not.toThrow();

    link = false;
    await clock.advance(1_000);
    expect(monitor.current.heartbeats.at(-1)).toMatchObject({ ok: false, error: 'no network connection' });
    await monitor.stop();
  });

  it('a heartbeat cut short by stop() is not a result', async () => {
    const clock = new ManualClock();
    const probe = (signal: AbortSignal): Promise<void> => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const monitor = new NetworkMonitor({ probe, hasLink: () => true, clock, logger: memoryLogger(), intervalMs: 1_000, probeTimeoutMs: 500 });
    await monitor.start();
    await clock.advance(0);
    await monitor.stop();
    expect(monitor.current.heartbeats).toEqual([]);
  });
});
