import { describe, expect, it } from 'vitest';
import { localCapabilities, selfRouteState } from '../../src/main/app/local-device.js';
import { capabilitiesSchema } from '../../src/main/ble/protocol/mesh-schemas.js';
import { mainsNoBattery, type PowerReading } from '../../src/main/power/power-source.js';

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
