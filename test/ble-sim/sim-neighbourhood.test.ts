import { afterAll, describe, expect, it } from 'vitest';
import type { Peripheral } from '@abandonware/noble';
import { systemClock } from '../../src/main/core/clock.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { createSimNoble, installSimulatedHci, whenPoweredOn } from '../../src/sim/radio/install-sim.js';
import { startSimNeighbourhood } from '../../src/sim/devices/sim-neighbourhood.js';
import type { SimNeighbourhood } from '../../src/sim/devices/sim-neighbourhood.js';
import { LOCAL_CHAR, LOCAL_SERVICE, MESH_SERVICE } from '../../src/main/ble/protocol/uuids.js';
import { LocalAccumulator, encodeLocalSlices } from '../../src/main/ble/protocol/local-framing.js';
import { localResponseSchema } from '../../src/main/ble/protocol/local-schemas.js';
import { bounded, connectMeshCentral } from '../ble-peripheral/mesh-central-helper.js';

describe('simulated neighbourhood: phones, laptops and a Bluetooth Local iPhone', () => {
  const air = new SimAir();
  installSimulatedHci(air);
  let hood: SimNeighbourhood;
  afterAll(async () => {
    await hood?.stop();
    air.close();
  });

  it('starts every device and a central sees each with its RSSI', async () => {
    hood = await startSimNeighbourhood({ air, phones: [{ batteryPct: 40, agentId: 'p1' }], laptops: 1, iphones: [{ rssi: -77 }] });
    expect(hood.devices.map((d) => d.kind)).toEqual(['mesh', 'mesh', 'iphone']);
    const noble = createSimNoble(air.createController());
    await whenPoweredOn(noble);
    const seen = new Map<string, Peripheral>();
    await bounded(new Promise<void>((resolve) => {
      noble.on('discover', (p: Peripheral) => {
        seen.set(p.address, p);
        if (seen.size === 3) resolve();
      });
      noble.startScanning([MESH_SERVICE.noble, LOCAL_SERVICE.noble], false);
    }), 'discover 3');
    noble.stopScanning();
    const [phone, laptop, iphone] = hood.devices;
    expect(seen.get(phone!.address)?.rssi).toBe(-55);
    expect(seen.get(laptop!.address)?.rssi).toBe(-50);
    expect(seen.get(iphone!.address)?.rssi).toBe(-77);
    expect(seen.get(iphone!.address)?.advertisement.serviceUuids).toEqual([LOCAL_SERVICE.noble]);
  });

  it('a mesh phone serves capabilities and answers with the deterministic echo', async () => {
    const phone = hood.devices[0]!;
    const c = await connectMeshCentral(air, phone.address);
    const caps = JSON.parse((await bounded(c.chars.capabilities.readAsync(), 'caps')).toString()) as Record<string, unknown>;
    expect(caps).toMatchObject({ deviceType: 'phone', batteryPct: 40, modelParamSize: 1.5 });
    const id = JSON.parse((await bounded(c.chars.identity.readAsync(), 'identity')).toString()) as Record<string, unknown>;
    expect(id.agentId).toBe('p1');
    await c.send('taskRequest', Buffer.from(JSON.stringify({ id: 't1', prompt: 'fizzbuzz' })));
    expect(JSON.parse((await c.nextResponse()).toString())).toMatchObject({ id: 't1', ok: true, output: 'echo(p1): fizzbuzz', cpuSeconds: 0.008 });
    await c.disconnect();
  });

  it('the iPhone answers a Bluetooth Local request in JSON slices and serves its status', async () => {
    const iphone = hood.devices[2]!;
    const noble = createSimNoble(air.createController());
    await whenPoweredOn(noble);
    const p = await bounded(new Promise<Peripheral>((resolve) => {
      noble.on('discover', (x: Peripheral) => x.address === iphone.address && resolve(x));
      noble.startScanning([LOCAL_SERVICE.noble], false);
    }), 'discover iphone');
    noble.stopScanning();
    await bounded(p.connectAsync(), 'connect');
    const { characteristics } = await bounded(p.discoverSomeServicesAndCharacteristicsAsync([LOCAL_SERVICE.noble], []), 'gatt');
    const char = (u: string) => characteristics.find((c) => c.uuid === u)!;
    const status = JSON.parse((await bounded(char(LOCAL_CHAR.status.noble).readAsync(), 'status')).toString()) as Record<string, unknown>;
    expect(status).toEqual({ modelState: 'ready', batteryPct: 90 });
    const acc = new LocalAccumulator({ clock: systemClock, schema: localResponseSchema, what: 'local response' });
    acc.expect('q1');
    const slices: Buffer[] = [];
    const response = new Promise<unknown>((resolve) => char(LOCAL_CHAR.response.noble).on('data', (d: Buffer) => {
      slices.push(d);
      const m = acc.push(d);
      if (m) resolve(m);
    }));
    await bounded(char(LOCAL_CHAR.response.noble).subscribeAsync(), 'subscribe');
    const prompt = 'p'.repeat(700);
    for (const s of encodeLocalSlices(JSON.stringify({ id: 'q1', prompt, maxTokens: 32 }))) await bounded(char(LOCAL_CHAR.request.noble).writeAsync(s, false), 'write');
    expect(await bounded(response, 'response')).toMatchObject({ id: 'q1', ok: true, output: `iphone-echo: ${prompt}` });
    expect(slices.length).toBeGreaterThan(2);
    expect(slices.every((s) => s.length <= 253)).toBe(true);
  });
});
