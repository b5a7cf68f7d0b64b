/**
 * The admission gate and the snapshot, connected as the composition root connects them: the gate is
 * built first from the snapshot's initial context (no closure over a snapshot that does not exist yet),
 * the snapshot pushes each model / network / Bluetooth change into it, and the gate's notes land in
 * Activity under "tasks". Real mode service, conf settings, event bus; a manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appEventPolicy, type AppEvent } from '../../src/main/events/app-events.js';
import { SnapshotService, initialGateContext } from '../../src/main/app/snapshot-service.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { EventBus } from '../../src/main/events/event-bus.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { AdmissionGate } from '../../src/main/worker/admission-gate.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function build(): Promise<{ gate: AdmissionGate; snapshot: SnapshotService; events: AppEvent[] }> {
  const { dir, cleanup } = tempDir('edgecoder-snapshot-gate-');
  cleanups.push(cleanup);
  const clock = new ManualClock();
  const settings = openConfSettings(dir, memoryLogger(), () => clock.now());
  settings.update({ mode: 'bluetooth-local' });
  const mode = new ModeService({ settings, clock, logger: memoryLogger() });
  const bus = new EventBus<AppEvent>({ capacity: 64, policy: appEventPolicy });
  const events: AppEvent[] = [];
  cleanups.push(bus.subscribe((e) => void events.push(e)));
  const gate = new AdmissionGate({ mode, settings, power: SimulatedPowerSource.laptop(80), clock, context: initialGateContext });
  const snapshot = new SnapshotService({ mode, bus, clock, worker: gate });
  await gate.start();
  cleanups.push(() => gate.stop());
  return { gate, snapshot, events };
}

const ready = { name: 'alphabet-tiny', paramSize: 0.0001, state: 'ready' as const, detail: 'Ready.' };

describe('the gate decides on the slices the snapshot pushes into it', () => {
  it('starts from the snapshot\'s first slices, then follows the model and Bluetooth slices', async () => {
    const { gate, snapshot } = await build();
    expect(gate.tryAdmit('mesh')).toMatchObject({ admitted: false, reasons: [{ code: 'no_model' }] });
    expect(snapshot.current().worker).toMatchObject({ state: 'paused', reasons: [{ code: 'no_model' }] });

    snapshot.update('model', ready);
    const admission = gate.tryAdmit('mesh');
    expect(admission.admitted).toBe(true);
    if (admission.admitted) admission.release();

    snapshot.update('bluetooth', { state: 'powered-off', detail: 'The radio is off.', droppedFrames: 0 });
    expect(gate.tryAdmit('mesh')).toEqual({ admitted: false, reasons: [{ code: 'bluetooth_unavailable', message: 'Bluetooth powered-off: The radio is off.' }] });
    expect(snapshot.current().worker.reasons.map((r) => r.code)).toEqual(['bluetooth_unavailable']);
  });

  it('publishes the worker again when a slice the gate reads changes, and not for other slices', async () => {
    const { snapshot, events } = await build();
    const workerEvents = (): number => events.filter((e) => e.name === 'worker').length;
    await Promise.resolve();
    const before = workerEvents();
    snapshot.update('model', ready);
    await new Promise((r) => setImmediate(r));
    expect(workerEvents()).toBe(before + 1);
    snapshot.update('credits', { earned: 1, spent: 0, pending: 0, synced: 0, lastSync: null });
    await new Promise((r) => setImmediate(r));
    expect(workerEvents()).toBe(before + 1);
  });

  it("the gate's notes are Activity lines about tasks", async () => {
    const { gate, snapshot } = await build();
    snapshot.update('model', ready);
    gate.finishThenStop();
    expect(snapshot.current().activity.slice(0, 2)).toMatchObject([
      { message: 'Mode changed to off (drained).', kind: 'mode' },
      { level: 'info', message: 'The running tasks have finished: the worker stopped (mode Off).', kind: 'tasks' },
    ]);
  });
});
