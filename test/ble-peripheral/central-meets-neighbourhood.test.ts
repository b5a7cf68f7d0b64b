/**
 * Both halves of the mesh on one simulated air: the BLE central service (noble) against the simulated
 * neighbourhood (mesh phone + laptop running MeshPeripheralService, a Bluetooth Local iPhone).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { startSimNeighbourhood } from '../../src/sim/devices/sim-neighbourhood.js';
import type { SimNeighbourhood } from '../../src/sim/devices/sim-neighbourhood.js';
import { SIM_MESH_TOKEN_HASH } from '../../src/sim/devices/mesh-device.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike } from '../../src/main/ble/central/index.js';
import { bounded } from './mesh-central-helper.js';

const idOf = (address: string): string => address.replace(/:/g, '');

describe('BLE central service ↔ simulated neighbourhood (peripheral service + iPhone)', () => {
  const air = new SimAir();
  installSimulatedHci(air);
  let hood: SimNeighbourhood;
  const central = new BleCentralService({
    nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
    clock: systemClock,
    logger: memoryLogger(),
    meshTokenHash: SIM_MESH_TOKEN_HASH,
  });
  afterAll(async () => {
    await central.stop();
    await hood?.stop();
    air.close();
  });

  it('discovers and identifies every device', async () => {
    hood = await startSimNeighbourhood({ air, phones: [{ agentId: 'phone-a', batteryPct: 35 }], laptops: [{ agentId: 'laptop-b' }], iphones: 1 });
    await central.start();
    await central.setScanning(true);
    await bounded((async () => {
      for (;;) {
        const ps = central.peers();
        if (ps.length === 3 && ps.every((p) => p.agentId !== null || p.modelState !== null)) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    })(), 'identify 3 peers', 20_000);
    const byId = new Map(central.peers().map((p) => [p.peerId, p]));
    const [phone, laptop, iphone] = hood.devices;
    expect(byId.get(idOf(phone!.address))).toMatchObject({ agentId: 'phone-a', deviceType: 'phone', batteryPct: 35, routable: true, rssi: -55 });
    expect(byId.get(idOf(laptop!.address))).toMatchObject({ agentId: 'laptop-b', deviceType: 'laptop', modelParamSize: 7, routable: true });
    expect(byId.get(idOf(iphone!.address))).toMatchObject({ profile: 'local', modelState: 'ready' });
  });

  it('runs a framed mesh task, a ledger batch and a Bluetooth Local task end to end', async () => {
    const [, laptop, iphone] = hood.devices;
    const res = await central.sendTask(idOf(laptop!.address), { id: 'e2e-1', prompt: 'x'.repeat(3000) }, { timeoutMs: 15_000 });
    expect(res).toMatchObject({ id: 'e2e-1', ok: true, output: `echo(laptop-b): ${'x'.repeat(3000)}` });
    const ack = await central.sendLedgerBatch(idOf(laptop!.address), { batchId: 'lb-1', transactions: [{ txId: 'tx-1' }] }, { timeoutMs: 15_000 });
    expect(ack).toMatchObject({ batchId: 'lb-1', accepted: ['tx-1'] });
    const local = await central.sendLocalTask(idOf(iphone!.address), { id: 'loc-1', prompt: 'hi phone' }, { timeoutMs: 15_000 });
    expect(local).toMatchObject({ id: 'loc-1', ok: true, output: 'iphone-echo: hi phone' });
    if (laptop?.kind !== 'mesh') throw new Error('expected a mesh laptop');
    expect(laptop.service.status().counters).toMatchObject({ requests: 1, ledgerBatches: 1, responses: 1, ledgerAcks: 1 });
  });
});
