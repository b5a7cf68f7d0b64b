import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIphoneLocal, startMeshDevice, startSimNeighbourhood } from '../../src/sim/devices/index.js';
import { installSimulatedHci, SimAir } from '../../src/sim/radio/index.js';
import { checkDeviceChange, SimControlError, SimControls } from '../../src/sim/host/sim-controls.js';
import { OperationUnavailableError } from '../../src/main/ipc/dispatcher.js';
import { SimulatedNetwork } from '../../src/sim/network/simulated-network.js';
import type { SimDeviceState } from '../../src/shared/sim-status.js';
import { bounded, connectMeshCentral } from '../ble-peripheral/mesh-central-helper.js';

describe('the rule for a device change', () => {
  it.each([
    [{ id: 'a', batteryPct: 101 }, /^batteryPct: must be a whole percent from 0 to 100$/],
    [{ id: 'a', batteryPct: -1 }, /^batteryPct: must be a whole percent from 0 to 100$/],
    [{ id: 'a', batteryPct: 50.5 }, /^batteryPct: must be a whole percent from 0 to 100$/],
    [{ id: 'a', currentLoad: 65 }, /^currentLoad: must be from 0 to 64 tasks$/],
    [{ id: 'a', currentLoad: -0.5 }, /^currentLoad: must be from 0 to 64 tasks$/],
    [{ id: 'a', rssi: 1 }, /^rssi: must be whole dBm from -127 to 0$/],
    [{ id: 'a', rssi: -128 }, /^rssi: must be whole dBm from -127 to 0$/],
    [{ id: 'a', rssi: -60.5, batteryPct: 200 }, /^batteryPct: must be .*; rssi: must be /],
    [{ id: 'a' }, /nothing to change: give batteryPct, currentLoad or rssi/],
    [{ id: '', rssi: -60 }, /id: /],
  ])('refuses %j', (change, message) => {
    expect(() => checkDeviceChange(change)).toThrow(SimControlError);
    expect(() => checkDeviceChange(change)).toThrow(message);
  });

  it.each([
    [{ id: 'a', batteryPct: 0 }],
    [{ id: 'a', batteryPct: 100, currentLoad: 64, rssi: -127 }],
    [{ id: 'a', currentLoad: 0.5, rssi: 0 }],
  ])('accepts the edges %j', (change) => {
    expect(checkDeviceChange(change)).toEqual(change);
  });
});

describe('simulator controls over real virtual devices', () => {
  const air = new SimAir();
  const uninstall = installSimulatedHci(air);
  const network = new SimulatedNetwork();
  let controls: SimControls;
  let phone: SimDeviceState;
  let iphone: SimDeviceState;

  beforeAll(async () => {
    const hood = await startSimNeighbourhood({ air, phones: 1, laptops: 1, iphones: 1 });
    let n = 1;
    controls = new SimControls({
      air,
      devices: hood.devices,
      network,
      spawn: async (kind) =>
        kind === 'iphone' ? startIphoneLocal(air, { name: `iPhone ${++n}` }) : startMeshDevice(air, { label: `sim-${kind}-${++n}`, deviceType: kind }),
    });
    const state = controls.state();
    phone = state.devices.find((d) => d.kind === 'phone') as SimDeviceState;
    iphone = state.devices.find((d) => d.kind === 'iphone') as SimDeviceState;
  });
  afterAll(async () => {
    await controls?.stop();
    air.close();
    uninstall();
  });

  it('lists each device with what it reports', () => {
    expect(controls.state()).toEqual({
      network: { up: true },
      devices: [
        { id: phone.id, name: 'EdgeCoder sim-phone-1', kind: 'phone', agentId: expect.stringMatching(/^ec-/), batteryPct: 80, currentLoad: 0, rssi: -55 },
        expect.objectContaining({ name: 'EdgeCoder sim-laptop-1', kind: 'laptop', batteryPct: 100, rssi: -50 }),
        { id: iphone.id, name: 'iPhone 1', kind: 'iphone', agentId: null, batteryPct: 90, currentLoad: null, rssi: -60 },
      ],
    });
  });

  it('changes a phone where a real phone would: its capabilities characteristic and its signal', async () => {
    expect(controls.setDevice({ id: phone.id.toUpperCase(), batteryPct: 33, currentLoad: 2, rssi: -80 })).toMatchObject({ batteryPct: 33, currentLoad: 2, rssi: -80 });
    const central = await connectMeshCentral(air, phone.id);
    try {
      const caps = JSON.parse((await bounded(central.chars.capabilities.readAsync(), 'capabilities')).toString()) as Record<string, unknown>;
      expect(caps).toMatchObject({ batteryPct: 33, currentLoad: 2, deviceType: 'phone' });
      expect(central.peripheral.rssi).toBe(-80);
    } finally {
      await central.disconnect();
    }
  });

  it('sets an iPhone battery through its status, and refuses it a load', () => {
    expect(controls.setDevice({ id: iphone.id, batteryPct: 12 })).toMatchObject({ batteryPct: 12, currentLoad: null });
    expect(() => controls.setDevice({ id: iphone.id, currentLoad: 1 })).toThrow(/iPhone 1 is an iPhone in Bluetooth Local: its status reports no load/);
    expect(controls.state().devices.find((d) => d.id === iphone.id)?.batteryPct).toBe(12);
  });

  it('names an unknown device', () => {
    expect(() => controls.setDevice({ id: 'c0:de:00:00:00:99', rssi: -70 })).toThrow(/no simulated device "c0:de:00:00:00:99"/);
  });

  it('adds and removes devices', async () => {
    const added = await controls.addDevice('laptop');
    expect(added).toMatchObject({ kind: 'laptop', name: 'EdgeCoder sim-laptop-2', batteryPct: 100 });
    expect(controls.state().devices).toHaveLength(4);
    const after = await controls.removeDevice(added.id);
    expect(after.devices.map((d) => d.id)).not.toContain(added.id);
    await expect(controls.removeDevice(added.id)).rejects.toThrow(/no simulated device/);
  });

  it('cuts and restores the network; without a simulated network there is nothing to cut', async () => {
    expect(controls.setNetwork(false).network).toEqual({ up: false });
    expect(network.hasLink()).toBe(false);
    expect(controls.setNetwork(true).network).toEqual({ up: true });
    const bare = new SimControls({ air, devices: [], network: null, spawn: () => Promise.reject(new Error('unused')) });
    expect(bare.state().network).toBeNull();
    expect(() => bare.setNetwork(false)).toThrow(OperationUnavailableError);
  });
});
