import { describe, expect, it } from 'vitest';
import { PauseReasonCodeSchema, type PauseReason, type PauseReasonCode } from '../../src/shared/snapshot.js';
import type { WorkSource } from '../../src/main/worker/admission-port.js';
import { effectiveCapacity, reasonWords, refusalCodes, refusalReasons, workerStatus, type GateInputs } from '../../src/main/worker/worker-rules.js';

const fmt = (ms: number): string => `t${ms}`;
const ready: GateInputs['model'] = { name: 'tiny', paramSize: 0.1, state: 'ready', detail: '' };
const base: GateInputs = {
  mode: 'bluetooth-local',
  snoozedUntil: null,
  draining: false,
  powerReasons: [],
  model: ready,
  network: { state: 'online', detail: '', checkedAt: 1 },
  bluetooth: { state: 'advertising', detail: '', droppedFrames: 0 },
  running: 0,
  capacity: 1,
  serveNearbyWhileOn: true,
};
const onBattery: PauseReason = { code: 'power_on_battery', message: 'On battery (42 %), run only while charging is on' };

describe('worker rules: status and admission', () => {
  it.each<[string, Partial<GateInputs>, WorkSource, string, string[], string[]]>([
    // name, inputs, source, state, status reason codes, refusal codes
    ['off', { mode: 'off', draining: true, snoozedUntil: 5 }, 'mesh', 'off', [], ['mode_off']],
    ['running, free slot', {}, 'mesh', 'running', [], []],
    ['running, slots full', { running: 1 }, 'mesh', 'running', [], ['at_capacity']],
    ['two slots, one busy', { running: 1, capacity: 2 }, 'mesh', 'running', [], []],
    ['swarm work in Bluetooth Local', {}, 'swarm', 'running', [], ['wrong_mode']],
    ['swarm work in On', { mode: 'on' }, 'swarm', 'running', [], []],
    ['swarm work in On with the sandbox turned off: held (swarm tasks are coding tasks)', { mode: 'on', sandboxEnabled: false }, 'swarm', 'running', [], ['sandbox_off']],
    ['mesh work with the sandbox turned off: taken (a coding request is refused by the provider)', { mode: 'on', sandboxEnabled: false }, 'mesh', 'running', [], []],
    ['mesh work in On, serving nearby devices while On', { mode: 'on' }, 'mesh', 'running', [], []],
    ['mesh work in On, not serving nearby devices while On', { mode: 'on', serveNearbyWhileOn: false }, 'mesh', 'running', [], ['wrong_mode']],
    ['snoozed', { snoozedUntil: 99 }, 'mesh', 'snoozed', ['snoozed'], ['snoozed']],
    ['draining beats snoozed', { draining: true, snoozedUntil: 99, running: 1 }, 'mesh', 'draining', ['draining', 'snoozed'], ['draining', 'snoozed']],
    ['on battery', { powerReasons: [onBattery] }, 'mesh', 'paused', ['power_on_battery'], ['power_on_battery']],
    ['no model', { model: null }, 'mesh', 'paused', ['no_model'], ['no_model']],
    ['model loading', { model: { ...ready, state: 'loading', detail: 'Loading' } }, 'mesh', 'paused', ['model_loading'], ['model_loading']],
    ['coordinator unreachable in On', { mode: 'on', network: { state: 'offline', detail: 'refused', checkedAt: 1 } }, 'swarm', 'paused', ['coordinator_unreachable'], ['coordinator_unreachable']],
    ['coordinator unreachable in Bluetooth Local: not a reason', { network: { state: 'offline', detail: 'x', checkedAt: 1 } }, 'mesh', 'running', [], []],
    ['Bluetooth off in Bluetooth Local', { bluetooth: { state: 'powered-off', detail: 'radio off', droppedFrames: 0 } }, 'mesh', 'paused', ['bluetooth_unavailable'], ['bluetooth_unavailable']],
    ['snoozed and on battery and no model', { snoozedUntil: 9, powerReasons: [onBattery], model: null }, 'mesh', 'snoozed', ['snoozed', 'power_on_battery', 'no_model'], ['snoozed', 'power_on_battery', 'no_model']],
  ])('%s', (_name, patch, source, state, statusCodes, refusalCodes) => {
    const inputs = { ...base, ...patch };
    const status = workerStatus(inputs, fmt);
    expect(status.state).toBe(state);
    expect(status.reasons.map((r) => r.code)).toEqual(statusCodes);
    expect(refusalReasons(inputs, source, fmt).map((r) => r.code)).toEqual(refusalCodes);
  });

  it('a refusal for a blocked worker is exactly the status reasons (one source of words)', () => {
    const inputs = { ...base, snoozedUntil: 1234, powerReasons: [onBattery] };
    expect(refusalReasons(inputs, 'mesh', fmt)).toEqual(workerStatus(inputs, fmt).reasons);
    expect(workerStatus(inputs, fmt)).toMatchObject({ snoozedUntil: 1234, reasons: [{ code: 'snoozed', message: 'Snoozed until t1234' }, onBattery] });
  });

  it('capacity: the setting, lowered by the coordinator, never below one', () => {
    expect(effectiveCapacity(4, null)).toBe(4);
    expect(effectiveCapacity(4, 2)).toBe(2);
    expect(effectiveCapacity(2, 8)).toBe(2);
    expect(effectiveCapacity(3, 0)).toBe(3);
    expect(effectiveCapacity(3, 1.7)).toBe(1);
  });
});

describe('worker rules: decided on codes, worded apart', () => {
  const otherWords: Partial<GateInputs> = {
    model: { ...ready, detail: 'ready (really)' },
    network: { state: 'online', detail: 'Coordinator unreachable: refused', checkedAt: 1 },
    bluetooth: { state: 'advertising', detail: 'powered-off', droppedFrames: 0 },
  };
  it.each<[string, Partial<GateInputs>, WorkSource, PauseReasonCode[]]>([
    ['words that read like a refusal refuse nothing', otherWords, 'mesh', []],
    ['a failed model with empty words is still refused', { model: { ...ready, state: 'failed', detail: '' } }, 'mesh', ['model_failed']],
    ['a not-loaded model', { model: { ...ready, state: 'not-loaded', detail: 'whatever' } }, 'mesh', ['model_not-loaded']],
    ['Bluetooth unavailable with no words', { bluetooth: { state: 'unavailable', detail: '', droppedFrames: 0 } }, 'mesh', ['bluetooth_unavailable']],
    ['offline in On with no words', { mode: 'on', network: { state: 'offline', detail: '', checkedAt: 1 } }, 'swarm', ['coordinator_unreachable']],
  ])('%s', (_name, patch, source, codes) => {
    expect(refusalCodes({ ...base, ...patch }, source)).toEqual(codes);
  });

  it('every code has its own words, and the refusal carries the same code list', () => {
    const inputs: GateInputs = { ...base, snoozedUntil: 7, powerReasons: [onBattery], running: 2, capacity: 2 };
    const words = PauseReasonCodeSchema.options.map((code) => reasonWords(code, inputs, fmt));
    expect(new Set(words).size).toBe(PauseReasonCodeSchema.options.length - 2); // the three model_* share one sentence
    expect(reasonWords('power_on_battery', inputs, fmt)).toBe(onBattery.message);
    expect(reasonWords('wrong_mode', inputs, fmt, 'swarm')).toBe('Swarm tasks are taken in On, not in the current mode');
    expect(refusalReasons(inputs, 'mesh', fmt).map((r) => r.code)).toEqual(refusalCodes(inputs, 'mesh'));
  });
});
