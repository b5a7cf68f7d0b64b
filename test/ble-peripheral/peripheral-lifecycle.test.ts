import { afterAll, describe, expect, it } from 'vitest';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { createSimBleno, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { OP, STATUS_COMMAND_DISALLOWED } from '../../src/sim/radio/hci-codes.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/mesh-peripheral-service.js';
import type { PeripheralState } from '../../src/main/ble/peripheral/mesh-peripheral-service.js';
import { bounded } from './mesh-central-helper.js';

const base = {
  identity: { agentId: 'a1', meshTokenHash: 'cd'.repeat(16), publicKey: 'pk' },
  capabilities: { model: 'm', modelParamSize: 1.5, deviceType: 'phone' as const },
  taskHandler: async () => ({ ok: true, output: '' }),
};

async function until(service: MeshPeripheralService, kind: PeripheralState['kind']): Promise<void> {
  await bounded((async () => { while (service.status().state.kind !== kind) await new Promise((r) => setTimeout(r, 10)); })(), `state ${kind}`);
}

describe('peripheral service lifecycle', () => {
  const air = new SimAir();
  installSimulatedHci(air);
  afterAll(() => air.close());

  it('no Bluetooth: bleno throwing at load becomes state unavailable, never a crash', async () => {
    const service = new MeshPeripheralService({
      ...base,
      bleno: () => { throw Object.assign(new Error('Address family not supported by protocol'), { code: 'EAFNOSUPPORT' }); },
    });
    await service.start();
    expect(service.status().state).toEqual({ kind: 'unavailable', reason: 'no Bluetooth adapter (HCI socket not supported)' });
    await service.stop();
    expect(service.status().state.kind).toBe('stopped');
  });

  it('advertisingStartError (bleno never calls back) becomes state error and start() still resolves', async () => {
    const ctrl = air.createController();
    ctrl.failCommand(OP.leSetAdvEnable, STATUS_COMMAND_DISALLOWED, 2); // bleno's init disable, then our enable
    const service = new MeshPeripheralService({ ...base, bleno: () => createSimBleno(ctrl) });
    await service.start();
    expect(service.status().state).toEqual({ kind: 'error', reason: 'advertising: Command Disallowed' });
    expect(ctrl.adv.enabled).toBe(false);
    await service.stop();
  });

  it('adapter power off → waiting; power on → advertises again', async () => {
    const ctrl = air.createController();
    const service = new MeshPeripheralService({ ...base, bleno: () => createSimBleno(ctrl) });
    await service.start();
    expect(service.status().state.kind).toBe('advertising');
    air.setPowered(ctrl, false);
    await until(service, 'waiting');
    expect(service.status().state).toEqual({ kind: 'waiting', reason: 'adapter poweredOff' });
    air.setPowered(ctrl, true);
    await until(service, 'advertising');
    expect(ctrl.adv.enabled).toBe(true);
    await service.stop();
    expect(ctrl.adv.enabled).toBe(false);
    await service.start(); // same bleno instance: services set again, advertising again
    expect(service.status().state.kind).toBe('advertising');
    expect(ctrl.adv.enabled).toBe(true);
    await service.stop();
  });

  it('adapter off at start: start() resolves after its timeout in state waiting, advertises once powered', async () => {
    const ctrl = air.createController();
    air.setPowered(ctrl, false);
    const service = new MeshPeripheralService({ ...base, bleno: () => createSimBleno(ctrl), startTimeoutMs: 300 });
    await service.start();
    expect(service.status().state.kind).toBe('waiting');
    air.setPowered(ctrl, true);
    await until(service, 'advertising');
    await service.stop();
  });
});
