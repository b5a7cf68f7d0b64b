import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/app/composition-root.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { dispatch } from '../../src/main/ipc/dispatcher.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import type { Snapshot } from '../../src/shared/snapshot.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startCore(): Promise<{ core: Core; power: SimulatedPowerSource; clock: ManualClock; published: Snapshot[] }> {
  const { dir, cleanup } = tempDir('edgecoder-core-gate-');
  cleanups.push(cleanup);
  const clock = new ManualClock();
  const logger = memoryLogger();
  const settings = openConfSettings(dir, logger, () => clock.now());
  // On, with a coordinator nobody listens on: the heartbeats fail, which is fine for this test.
  settings.update({ mode: 'on', coordinatorUrl: 'http://127.0.0.1:9', power: { runOnlyWhileCharging: true, minBatteryPct: 20 } });
  const power = SimulatedPowerSource.laptop(80);
  const core = createCore({ dataDir: dir, settings, clock, logger, version: '0.0.0-test', inferenceTransport: childProcessTransport(), inferenceThreads: 1, power });
  const published: Snapshot[] = [];
  // The worker slice as dashboards receive it, applied to the snapshot they loaded.
  cleanups.push(core.bus.subscribe((e) => void (e.name === 'worker' && published.push({ ...core.snapshot.current(), worker: e.payload }))));
  await core.start();
  cleanups.push(() => core.stop());
  return { core, power, clock, published };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the core: one gate behind the snapshot, the mesh capabilities and the contract', () => {
  it("unplugged with run-only-while-charging: the snapshot's worker reasons are the gate's", async () => {
    const { core, power, published } = await startCore();
    power.unplug();
    power.setBattery(42);
    await flush();

    const gate = core.gate.status();
    const snapshot = core.snapshot.current();
    expect(snapshot.worker).toEqual(gate);
    expect(published.at(-1)?.worker).toEqual(gate);
    expect(gate.state).toBe('paused');
    expect(gate.reasons).toContainEqual({ code: 'power_on_battery', message: 'On battery (42 %), run only while charging is on' });
    const refusal = core.gate.tryAdmit('swarm');
    expect(refusal).toEqual({ admitted: false, reasons: gate.reasons });
    expect(snapshot.activity.map((a) => a.message)).toContain('Worker paused: On battery (80 %), run only while charging is on.');

    // Nearby devices see the same reading.
    expect(core.inference.capabilities()).toMatchObject({ batteryPct: 42, deviceType: 'laptop' });
  });

  it('snooze, resume and finish-then-stop through the contract, each returning the snapshot', async () => {
    const { core, clock } = await startCore();
    const snoozed = await dispatch(core.handlers, 'snooze', { preset: '1h' });
    expect(snoozed).toMatchObject({ ok: true, value: { worker: { state: 'snoozed', snoozedUntil: clock.now() + 3_600_000 } } });

    const past = await dispatch(core.handlers, 'snooze', { until: clock.now() - 1 });
    expect(past).toEqual({ ok: false, error: { code: 'internal', message: 'snooze failed: The snooze end must be in the future' } });
    expect(await dispatch(core.handlers, 'snooze', { preset: '2h' })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(core.gate.status().snoozedUntil).toBe(clock.now() + 3_600_000);

    const resumed = await dispatch(core.handlers, 'resumeWork', {});
    expect(resumed).toMatchObject({ ok: true, value: { worker: { snoozedUntil: null } } });
    expect(core.gate.status().state).not.toBe('snoozed');

    const stopped = await dispatch(core.handlers, 'finishThenStop', {});
    expect(stopped).toMatchObject({ ok: true, value: { mode: 'off', modeChange: { cause: 'drained' }, worker: { state: 'off' } } });
  });
});
