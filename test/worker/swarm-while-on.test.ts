import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { swarmWhileOn, type Startable } from '../../src/main/worker/swarm-while-on.js';
import type { ComputeMode } from '../../src/shared/modes.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function modeAt(initial: ComputeMode): ModeService {
  const { dir, cleanup } = tempDir('edgecoder-swarm-while-on-');
  cleanups.push(cleanup);
  const clock = new ManualClock();
  const settings = openConfSettings(dir, memoryLogger(), () => clock.now());
  settings.update({ mode: initial });
  return new ModeService({ settings, clock, logger: memoryLogger() });
}

/** The worker's start/stop calls, in order (the port the rule drives). */
function recordingWorker(failStart = false): Startable & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    start: async () => {
      calls.push('start');
      if (failStart) throw new Error('coordinator refused');
    },
    stop: async () => void calls.push('stop'),
  };
}

describe('the swarm worker runs exactly while the mode is On', () => {
  it.each<[string, ComputeMode, ComputeMode[], string[]]>([
    // name, mode at start, switches after start, worker calls (the final 'stop' is the app stopping)
    ['On at start', 'on', [], ['start', 'stop']],
    ['Off at start, nothing runs', 'off', [], ['stop']],
    ['Bluetooth Local at start, then On', 'bluetooth-local', ['on'], ['start', 'stop']],
    ['On, then Bluetooth Local (the network fallback), then On again', 'on', ['bluetooth-local', 'on'], ['start', 'stop', 'start', 'stop']],
    ['On, then Off', 'on', ['off'], ['start', 'stop', 'stop']],
    ['Off to Bluetooth Local: still not On', 'off', ['bluetooth-local'], ['stop', 'stop']],
  ])('%s', async (_name, initial, switches, calls) => {
    const mode = modeAt(initial);
    const worker = recordingWorker();
    const service = swarmWhileOn({ mode, worker, onError: (err) => { throw err; }, onMissing: () => { throw new Error('has a worker'); } });
    await service.start();
    for (const next of switches) mode.set(next, 'user');
    await service.stop();
    expect(worker.calls).toEqual(calls);
  });

  it('after the app stops it, a switch to On starts nothing', async () => {
    const mode = modeAt('off');
    const worker = recordingWorker();
    const service = swarmWhileOn({ mode, worker, onError: () => undefined, onMissing: () => undefined });
    await service.start();
    await service.stop();
    mode.set('on', 'user');
    expect(worker.calls).toEqual(['stop']);
  });

  it('a start that fails on a switch is reported, not thrown into the mode service', async () => {
    const mode = modeAt('off');
    const worker = recordingWorker(true);
    const errors: string[] = [];
    const service = swarmWhileOn({ mode, worker, onError: (err) => errors.push(String(err)), onMissing: () => undefined });
    await service.start();
    expect(() => mode.set('on', 'user')).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual(['Error: coordinator refused']);
  });

  it.each<[ComputeMode, number]>([['on', 1], ['bluetooth-local', 0], ['off', 0]])('no worker (no identity), mode %s at start: said %i time(s)', async (initial, said) => {
    const mode = modeAt(initial);
    let missing = 0;
    const service = swarmWhileOn({ mode, worker: null, onError: () => undefined, onMissing: () => void missing++ });
    await service.start();
    mode.set('on', 'user');
    await service.stop();
    expect(missing).toBe(said);
  });
});
