import { describe, expect, it } from 'vitest';
import { localCapabilities, meshServeRefusal, modelSummary, readyModel, selfRouteState } from '../../src/main/app/this-computer.js';
import type { ModelPanelSnapshot } from '../../src/main/models/active-model-binding.js';
import type { ModelSummary } from '../../src/shared/snapshot.js';
import { capabilitiesSchema } from '../../src/main/ble/protocol/mesh-schemas.js';
import { mainsNoBattery, type PowerReading } from '../../src/main/power/power-source.js';

type Active = NonNullable<ModelPanelSnapshot['active']>;
const entry: Omit<Active, 'state' | 'reason'> = {
  fileName: 'tiny.gguf', path: '/models/tiny.gguf', name: 'alphabet-tiny', architecture: 'llama', parameterCount: 100_000,
  paramSize: 0.0001, sizeClass: '<1.5B', creditMultiplier: 0.3, contextLength: 2048, fileSizeBytes: 1, memoryEstimateMB: 1,
  active: true, failedReason: null,
};

describe('modelSummary: the Model slice in words', () => {
  it.each<[Active['state'], string | null, ModelSummary['state'], string]>([
    ['ready', null, 'ready', '<1.5B, credit multiplier 0.3'],
    ['loading', null, 'loading', 'Loading into llama.cpp…'],
    ['failed', 'bad magic', 'failed', 'Failed to load: bad magic'],
    ['failed', null, 'failed', 'Failed to load: unknown reason'],
    ['none', null, 'not-loaded', 'Not loaded yet.'],
  ])('%s (reason %s) → %s', (state, reason, summaryState, detail) => {
    expect(modelSummary({ ...entry, state, reason })).toEqual({ name: 'alphabet-tiny', paramSize: 0.0001, state: summaryState, detail });
  });

  it('no model chosen: null', () => {
    expect(modelSummary(null)).toBeNull();
  });
});

describe('what a model state allows', () => {
  const summary = (state: ModelSummary['state']): ModelSummary => ({ name: 'm', paramSize: 3, state, detail: '' });
  it.each<[string, ModelSummary | null, { name: string; paramSize: number } | null, string | null]>([
    ['ready: offered and serves', summary('ready'), { name: 'm', paramSize: 3 }, null],
    ['loading: neither', summary('loading'), null, 'no local model is active and loaded'],
    ['failed: neither', summary('failed'), null, 'no local model is active and loaded'],
    // "Stop using" leaves the engine holding the old model: the chosen one is not loaded, so nothing serves.
    ['chosen but not loaded (the engine still holds the old one): neither', summary('not-loaded'), null, 'no local model is active and loaded'],
    ['none chosen: neither', null, null, 'no local model is active and loaded'],
  ])('%s', (_what, s, offered, refusal) => {
    expect(readyModel(s)).toEqual(offered);
    expect(meshServeRefusal(s)).toBe(refusal);
  });
});

const laptop = (batteryPct: number | null): PowerReading => ({ ...mainsNoBattery, hasBattery: batteryPct !== null, batteryPct, deviceType: 'laptop' });

describe('localCapabilities: what nearby devices read', () => {
  it.each([
    ['a chosen model on a laptop at 42 %', { model: 'alphabet-tiny', modelParamSize: 0.0001, memoryMB: 12 }, laptop(42), 0.5,
      { model: 'alphabet-tiny', modelParamSize: 0.0001, memoryMB: 12, batteryPct: 42, currentLoad: 0.5, deviceType: 'laptop' }],
    ['no model yet: "none", size 0', { model: null, modelParamSize: 0, memoryMB: 0 }, laptop(80), 0,
      { model: 'none', modelParamSize: 0, memoryMB: 0, batteryPct: 80, currentLoad: 0, deviceType: 'laptop' }],
    ['a workstation without a battery reads 100 % (no battery concern)', { model: 'qwen', modelParamSize: 7, memoryMB: 5000 }, mainsNoBattery, 1,
      { model: 'qwen', modelParamSize: 7, memoryMB: 5000, batteryPct: 100, currentLoad: 1, deviceType: 'workstation' }],
    ['a laptop whose OS does not say its charge reads 100 %', { model: 'qwen', modelParamSize: 7, memoryMB: 5000 }, laptop(null), 0,
      { model: 'qwen', modelParamSize: 7, memoryMB: 5000, batteryPct: 100, currentLoad: 0, deviceType: 'laptop' }],
  ])('%s', (_what, model, power, load, caps) => {
    const built = localCapabilities(model, power, load);
    expect(built).toEqual(caps);
    // What goes on the air passes the mesh schema unchanged.
    expect(capabilitiesSchema.parse(built)).toEqual(built);
  });
});

describe('selfRouteState: this computer on the route board', () => {
  it.each([
    ['a ready model, one running, two queued, a laptop', { name: 'm', paramSize: 3 }, { busy: 1, queued: 2 }, laptop(50),
      { readyModel: { name: 'm', paramSize: 3 }, running: 1, queued: 2, deviceType: 'laptop' }],
    ['no ready model on a workstation', null, { busy: 0, queued: 0 }, mainsNoBattery,
      { readyModel: null, running: 0, queued: 0, deviceType: 'workstation' }],
  ])('%s', (_what, model, load, power, state) => {
    expect(selfRouteState(model, load, power)).toEqual(state);
  });
});
