import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Characteristic, Peripheral } from '@abandonware/noble';
import { systemClock } from '../../src/main/core/clock.js';
import { TimeoutError, withDeadline } from '../../src/main/core/deadline.js';
import { advertise, discover, setServices, startSimPair } from './sim-pair.js';
import type { SimPair } from './sim-pair.js';

const SERVICE = 'fa170000000000000000000000000001';
const VALUE = 'fa170000000000000000000000000002';
const bounded = <T>(p: Promise<T>, operation: string, ms = 5000): Promise<T> => withDeadline(p, { clock: systemClock, ms, operation });

describe('faults on the simulated air seen through real noble', () => {
  let pair: SimPair;
  let peripheral: Peripheral;

  beforeAll(async () => {
    pair = await startSimPair({ seed: 7 });
    const { bleno } = pair;
    await setServices(bleno, [new bleno.PrimaryService({
      uuid: SERVICE,
      characteristics: [new bleno.Characteristic({ uuid: VALUE, properties: ['read'], value: Buffer.from('v'.repeat(300)) })],
    })]);
    await advertise(bleno, 'faulty', [SERVICE]);
    peripheral = await bounded(discover(pair.noble, SERVICE), 'discover');
  });
  afterAll(() => pair?.air.close());

  it('connect to a device that stopped advertising never settles; cancelConnect ends it', async () => {
    pair.bleno.stopAdvertising();
    await bounded((async () => { while (pair.air.controller(pair.peripheralAddress).adv.enabled) await new Promise((r) => setTimeout(r, 5)); })(), 'adv off');
    const connecting = peripheral.connectAsync();
    await expect(withDeadline(connecting, { clock: systemClock, ms: 300, operation: 'ble.connect' })).rejects.toBeInstanceOf(TimeoutError);
    expect(pair.air.controller(pair.centralAddress).pendingConnect).toBe(pair.peripheralAddress);
    peripheral.cancelConnect();
    await expect(bounded(connecting, 'cancelled connect')).rejects.toThrow('connection canceled!');
    await bounded((async () => { while (pair.air.controller(pair.centralAddress).pendingConnect) await new Promise((r) => setTimeout(r, 5)); })(), 'cancel processed');
  });

  let value: Characteristic;
  it('with 40 ms one-way delay a long read (several ACL packets each way) still completes', async () => {
    await advertise(pair.bleno, 'faulty', [SERVICE]);
    pair.air.setLinkQuality(pair.centralAddress, pair.peripheralAddress, { delayMs: 40 });
    await bounded(peripheral.connectAsync(), 'connect');
    const { characteristics } = await bounded(peripheral.discoverSomeServicesAndCharacteristicsAsync([SERVICE], [VALUE]), 'gatt');
    value = characteristics[0]!;
    expect((await bounded(value.readAsync(), 'read')).toString()).toBe('v'.repeat(300));
  });

  it('with every ACL packet lost the read never settles: the deadline fires, a link drop ends it', async () => {
    pair.air.setLinkQuality(pair.centralAddress, pair.peripheralAddress, { delayMs: 0, lossProbability: 1 });
    await expect(withDeadline(value.readAsync(), { clock: systemClock, ms: 300, operation: 'ble.read' })).rejects.toBeInstanceOf(TimeoutError);
    const gone = new Promise<void>((r) => peripheral.once('disconnect', () => r()));
    pair.air.dropLink(pair.centralAddress, pair.peripheralAddress);
    await bounded(gone, 'disconnect');
    expect(peripheral.state).toBe('disconnected');
  });
});
