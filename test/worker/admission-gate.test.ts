import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { WorkOutcome } from '../../src/main/mesh/paid-task-provider.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { AdmissionGate, type GateContext } from '../../src/main/worker/admission-gate.js';
import { admittedRun } from '../../src/main/worker/admitted-run.js';
import type { Settings } from '../../src/shared/settings.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { tempDir } from '../support/temp-dir.js';

let engine: InferenceEngine;
beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const readyContext: GateContext = {
  model: { name: 'alphabet-tiny', paramSize: 0.0001, state: 'ready', detail: '' },
  network: { state: 'online', detail: '', checkedAt: 1 },
  bluetooth: { state: 'advertising', detail: '', droppedFrames: 0 },
};

async function setup(initial: Partial<Settings> = {}): Promise<{ gate: AdmissionGate; mode: ModeService; power: SimulatedPowerSource; notes: string[]; clock: ManualClock }> {
  const { dir, cleanup } = tempDir('edgecoder-gate-');
  cleanups.push(cleanup);
  const clock = new ManualClock();
  const settings = openConfSettings(dir, memoryLogger(), () => clock.now());
  settings.update({ mode: 'bluetooth-local', ...initial });
  const mode = new ModeService({ settings, clock, logger: memoryLogger() });
  const power = SimulatedPowerSource.laptop(80);
  const notes: string[] = [];
  const gate = new AdmissionGate({ mode, settings, power, clock, context: readyContext });
  gate.onNote((_l, m) => notes.push(m));
  await gate.start();
  cleanups.push(() => gate.stop());
  return { gate, mode, power, notes, clock };
}

/** A real task on llama.cpp, as the mesh path runs it: through the gate. */
function meshTask(gate: AdmissionGate): Promise<WorkOutcome> {
  return admittedRun(gate, 'mesh', async (prompt: string): Promise<WorkOutcome> => {
    const r = await engine.run({ prompt }, { maxTokens: 100 });
    return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs, paramSize: r.paramSize };
  })('Recite:');
}

describe('admission gate: finish the running tasks, then stop', () => {
  it('runs the two admitted tasks to the end, admits none after, then switches to Off', async () => {
    const { gate, mode, notes } = await setup({ worker: { maxConcurrentTasks: 2 } });
    const first = meshTask(gate);
    const second = meshTask(gate);
    expect(gate.status()).toMatchObject({ state: 'running', running: 2, capacity: 2 });

    gate.finishThenStop();
    expect(gate.status()).toMatchObject({ state: 'draining', reasons: [{ code: 'draining', message: 'Finishing 2 running task(s), then switching to Off' }] });
    const third = await meshTask(gate);
    expect(third).toEqual({ ok: false, error: 'not taking work now: Finishing 2 running task(s), then switching to Off' });
    expect(mode.current.mode).toBe('bluetooth-local');

    const done = await Promise.all([first, second]);
    expect(done.map((d) => d.ok && d.output)).toEqual([ALPHABET_OUTPUT, ALPHABET_OUTPUT]);
    expect(mode.current).toMatchObject({ mode: 'off', cause: 'drained' });
    expect(gate.status()).toMatchObject({ state: 'off', running: 0, reasons: [] });
    expect(notes.at(-1)).toBe('The running tasks have finished: the worker stopped (mode Off).');
  });

  it('with nothing running, stops at once; a manual mode switch cancels a drain', async () => {
    const { gate, mode, notes } = await setup();
    const admission = gate.tryAdmit('mesh');
    expect(admission.admitted).toBe(true);
    gate.finishThenStop();
    mode.set('on', 'user');
    expect(notes.at(-1)).toBe('Finish then stop cancelled: the mode was switched to on.');
    if (admission.admitted) admission.release();
    expect(mode.current.mode).toBe('on');
    expect(gate.status().state).toBe('running');

    gate.finishThenStop();
    expect(mode.current).toMatchObject({ mode: 'off', cause: 'drained' });
  });
});

describe('admission gate: power, snooze, capacity', () => {
  it('unplugged with run-only-while-charging: paused in words, refused with the same words, resumes on the charger', async () => {
    const { gate, power, notes } = await setup({ power: { runOnlyWhileCharging: true, minBatteryPct: 20 } });
    let changes = 0;
    gate.onChange(() => changes++);
    power.unplug();
    power.setBattery(42);
    const reasons = [{ code: 'power_on_battery', message: 'On battery (42 %), run only while charging is on' }];
    expect(gate.status()).toMatchObject({ state: 'paused', reasons });
    expect(gate.tryAdmit('mesh')).toEqual({ admitted: false, reasons });
    expect(notes).toEqual(['Worker paused: On battery (80 %), run only while charging is on.']);
    power.plugIn();
    expect(gate.status()).toMatchObject({ state: 'running', reasons: [] });
    expect(notes.at(-1)).toBe('Power allows work again (on mains (42 %)).');
    expect(changes).toBe(3);
  });

  it('stops below the battery threshold and resumes 5 points above it', async () => {
    const { gate, power } = await setup();
    power.unplug();
    const states = [21, 19, 22, 24, 25, 21].map((pct) => {
      power.setBattery(pct);
      return gate.status().state;
    });
    expect(states).toEqual(['running', 'paused', 'paused', 'paused', 'running', 'running']);
  });

  it('holds in a serious thermal state and in low-power mode', async () => {
    const { gate, power } = await setup();
    power.setThermal('serious');
    expect(gate.status().reasons.map((r) => r.code)).toEqual(['power_thermal']);
    power.setThermal('nominal');
    power.setLowPowerMode(true);
    expect(gate.tryAdmit('mesh')).toMatchObject({ admitted: false, reasons: [{ code: 'power_low_power_mode' }] });
  });

  it('a snooze refuses work until it ends by itself; resume ends it early', async () => {
    const { gate, clock } = await setup();
    const end = gate.snoozeWork({ preset: '15m' });
    expect(gate.status()).toMatchObject({ state: 'snoozed', snoozedUntil: end });
    expect(gate.tryAdmit('mesh')).toMatchObject({ admitted: false, reasons: [{ code: 'snoozed' }] });
    await clock.advance(15 * 60_000);
    expect(gate.status()).toMatchObject({ state: 'running', snoozedUntil: null });
    gate.snoozeWork({ until: clock.now() + 3_600_000 });
    gate.resume();
    expect(gate.tryAdmit('mesh').admitted).toBe(true);
    expect(() => gate.snoozeWork({ until: clock.now() - 1 })).toThrow('The snooze end must be in the future');
  });

  it("capacity is the setting lowered by the coordinator's limit; a freed slot is announced", async () => {
    const { gate } = await setup({ worker: { maxConcurrentTasks: 3 } });
    gate.setCoordinatorLimit(1);
    const a = gate.tryAdmit('mesh');
    expect(gate.tryAdmit('mesh')).toEqual({ admitted: false, reasons: [{ code: 'at_capacity', message: 'All 1 task slot(s) are busy' }] });
    let freed = false;
    gate.onChange(() => (freed = true));
    if (a.admitted) {
      a.release();
      a.release();
    }
    expect(freed).toBe(true);
    expect(gate.status()).toMatchObject({ running: 0, capacity: 1 });
    gate.setCoordinatorLimit(null);
    expect(gate.status().capacity).toBe(3);
  });
});

describe('admission gate: sandbox.enabled off holds coding work', () => {
  it('refuses swarm pulls (coding tasks) with the reason while mesh work is still admitted', async () => {
    const { gate } = await setup({ mode: 'on', serveNearbyWhileOn: true, sandbox: { enabled: false, timeoutMs: 10_000, memoryMb: 256, outputKiB: 64 } });
    const swarm = gate.tryAdmit('swarm');
    expect(swarm).toEqual({ admitted: false, reasons: [{ code: 'sandbox_off', message: 'Running code for others is turned off (setting sandbox.enabled): coding tasks are not taken' }] });
    const mesh = gate.tryAdmit('mesh');
    expect(mesh.admitted).toBe(true);
    if (mesh.admitted) mesh.release();
  });
});
