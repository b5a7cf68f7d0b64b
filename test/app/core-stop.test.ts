/**
 * createCore's stop() leaves nothing behind on what it was given or built: no listener on the power
 * source (which may outlive the core), none on the model manager or the engine, no pending peers
 * publish timer on the clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/app/composition-root.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import type { PowerReading } from '../../src/main/power/power-source.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The power source as the core sees it, counting the listeners it holds now. */
function countedPower(): { power: SimulatedPowerSource; live: () => number } {
  const power = SimulatedPowerSource.laptop(80);
  const live = new Set<(r: PowerReading) => void>();
  const onChange = power.onChange.bind(power);
  power.onChange = (listener) => {
    const off = onChange(listener);
    live.add(listener);
    return () => {
      live.delete(listener);
      off();
    };
  };
  return { power, live: () => live.size };
}

describe('createCore stop()', () => {
  it('removes its power and inference subscriptions and the peers publish timer', async () => {
    const { dir, cleanup } = tempDir('edgecoder-core-stop-');
    cleanups.push(cleanup);
    const clock = new ManualClock();
    const logger = memoryLogger();
    const settings = openConfSettings(dir, logger, () => clock.now());
    const { power, live } = countedPower();
    const core = createCore({ dataDir: dir, settings, clock, logger, version: '0.0.0-test', inferenceTransport: childProcessTransport(), inferenceThreads: 1, power });
    await core.start();
    expect(live()).toBeGreaterThan(0);
    const { models, engine } = core.inference;
    const inferenceEvents = (): number =>
      models.listenerCount('changed') + models.listenerCount('download') + models.listenerCount('active-changed') +
      engine.listenerCount('model') + engine.listenerCount('load');
    expect(inferenceEvents()).toBeGreaterThan(0);
    // A peers change arms the coalescing publish timer.
    core.routes.setPeers([]);
    expect(clock.pending).toBeGreaterThan(0);

    await core.stop();
    expect(live()).toBe(0);
    expect(inferenceEvents()).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
