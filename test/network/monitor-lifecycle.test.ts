/**
 * Issue 9 part 3: every On ⇄ Bluetooth Local switch used to start another heartbeat loop (start() did
 * not check it was running), so heartbeats multiplied and one was still sent after Off.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { NetworkMonitor } from '../../src/main/network/network-monitor.js';

function countingMonitor() {
  const clock = new ManualClock();
  let probes = 0;
  const monitor = new NetworkMonitor({
    probe: () => {
      probes++;
      return Promise.resolve();
    },
    hasLink: () => true,
    clock,
    logger: memoryLogger(),
  });
  return { clock, monitor, probes: () => probes };
}

describe('NetworkMonitor lifecycle', () => {
  it('start() is idempotent: repeated starts keep one heartbeat every 15 s', async () => {
    const { clock, monitor, probes } = countingMonitor();
    await monitor.start();
    await monitor.start();
    await monitor.start();
    await clock.advance(0);
    await clock.advance(45_000);
    expect(probes()).toBe(4); // 0, 15, 30, 45 s
    expect(clock.pending).toBe(1);
    await monitor.stop();
  });

  it('stop() really stops: no heartbeat after Off, even after start/stop/start cycles', async () => {
    const { clock, monitor, probes } = countingMonitor();
    const baseline = clock.pending;
    for (let i = 0; i < 5; i++) {
      await monitor.start();
      await clock.advance(15_000);
      await monitor.stop();
      await monitor.start();
    }
    await monitor.stop();
    const sent = probes();
    await clock.advance(120_000);
    expect(probes()).toBe(sent);
    expect(clock.pending).toBe(baseline);
    // checkNow while stopped sends nothing either.
    await monitor.checkNow();
    expect(probes()).toBe(sent);
  });
});
