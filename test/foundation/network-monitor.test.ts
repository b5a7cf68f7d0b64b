import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { NetworkMonitor } from '../../src/main/network/network-monitor.js';
import { wireOfflineFallback } from '../../src/main/network/offline-fallback.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { tempDir } from '../support/temp-dir.js';

/** A coordinator whose answers the test scripts: 'ok', 'fail', or 'hang' (never answers). */
function scriptedProbe(script: Array<'ok' | 'fail' | 'hang'>) {
  const aborted: number[] = [];
  let call = 0;
  const probe = (signal: AbortSignal): Promise<void> => {
    const n = call++;
    const step = script[Math.min(n, script.length - 1)];
    if (step === 'ok') return Promise.resolve();
    if (step === 'fail') return Promise.reject(new Error('ECONNREFUSED'));
    return new Promise((_, reject) => signal.addEventListener('abort', () => {
      aborted.push(n);
      reject(new Error('aborted'));
    }));
  };
  return { probe, aborted, calls: () => call };
}

function setup(script: Array<'ok' | 'fail' | 'hang'>, link = () => true) {
  const clock = new ManualClock();
  const probe = scriptedProbe(script);
  const monitor = new NetworkMonitor({ probe: probe.probe, hasLink: link, clock, logger: memoryLogger(), intervalMs: 15_000, probeTimeoutMs: 5_000 });
  const transitions: string[] = [];
  monitor.onChange((s, t) => t && transitions.push(`${t}:${s.state}`));
  return { clock, monitor, transitions, probe };
}

describe('NetworkMonitor', () => {
  it('needs three consecutive failed heartbeats, 15 s apart, to declare the coordinator lost', async () => {
    const { clock, monitor, transitions } = setup(['ok', 'fail', 'fail', 'fail']);
    await monitor.start();
    await clock.advance(0);
    expect(monitor.current.state).toBe('online');
    await clock.advance(15_000);
    await clock.advance(15_000);
    expect(monitor.current.state).toBe('online');
    expect(monitor.current.detail).toMatch(/Heartbeat failed \(2\/3\)/);
    await clock.advance(15_000);
    expect(monitor.current.state).toBe('offline');
    expect(transitions).toEqual(['lost:offline']);
    await monitor.stop();
  });

  it('a flaky heartbeat (fail, fail, ok) never flaps', async () => {
    const { clock, monitor, transitions } = setup(['ok', 'fail', 'fail', 'ok', 'fail', 'fail', 'ok']);
    await monitor.start();
    for (let i = 0; i < 7; i++) await clock.advance(i === 0 ? 0 : 15_000);
    expect(monitor.current.state).toBe('online');
    expect(transitions).toEqual([]);
    await monitor.stop();
  });

  it('a heartbeat that never answers times out and counts as a failure', async () => {
    const { clock, monitor, probe } = setup(['hang']);
    await monitor.start();
    await clock.advance(0);
    await clock.advance(5_000);
    expect(probe.aborted).toEqual([0]);
    expect(monitor.current.detail).toMatch(/timed out after 5000 ms/);
    await monitor.stop();
  });

  it('goes offline at once when the OS has no network link, and restores on the next success', async () => {
    let link = false;
    const { clock, monitor, transitions } = setup(['ok'], () => link);
    await monitor.start();
    await clock.advance(0);
    expect(monitor.current.state).toBe('offline');
    link = true;
    await clock.advance(15_000);
    expect(monitor.current.state).toBe('online');
    expect(transitions).toEqual(['lost:offline', 'restored:online']);
    await monitor.stop();
    expect(clock.pending).toBe(0);
  });
});

describe('offline fallback', () => {
  it('On → Bluetooth Local when the coordinator is lost; not back to On when it returns', async () => {
    const { dir, cleanup } = tempDir();
    const { clock, monitor } = setup(['ok', 'fail', 'fail', 'fail', 'ok']);
    const mode = new ModeService({ settings: openConfSettings(dir, memoryLogger()), clock, logger: memoryLogger() });
    mode.set('on', 'user');
    const notes: string[] = [];
    let syncs = 0;
    wireOfflineFallback({ network: monitor, mode, notify: (t) => notes.push(t), onRestored: () => syncs++, logger: memoryLogger() });
    await monitor.start();
    for (let i = 0; i < 4; i++) await clock.advance(i === 0 ? 0 : 15_000);
    expect(mode.current).toMatchObject({ mode: 'bluetooth-local', cause: 'network-lost' });
    await clock.advance(15_000);
    expect(mode.current.mode).toBe('bluetooth-local');
    expect(notes).toEqual(['Coordinator unreachable', 'Coordinator reachable again']);
    expect(syncs).toBe(1);
    await monitor.stop();
    cleanup();
  });

  it('leaves Off alone when the coordinator is lost', async () => {
    const { dir, cleanup } = tempDir();
    const { clock, monitor } = setup(['fail']);
    const mode = new ModeService({ settings: openConfSettings(dir, memoryLogger()), clock, logger: memoryLogger() });
    wireOfflineFallback({ network: monitor, mode, notify: () => undefined, onRestored: () => undefined, logger: memoryLogger() });
    await monitor.start();
    for (let i = 0; i < 3; i++) await clock.advance(i === 0 ? 0 : 15_000);
    expect(monitor.current.state).toBe('offline');
    expect(mode.current.mode).toBe('off');
    await monitor.stop();
    cleanup();
  });
});
