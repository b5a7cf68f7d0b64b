import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Peripheral, Characteristic } from '@abandonware/noble';
import { systemClock } from '../../src/main/core/clock.js';
import { TimeoutError, withDeadline } from '../../src/main/core/deadline.js';
import { advertise, discover, setServices, startSimPair } from './sim-pair.js';
import type { SimPair } from './sim-pair.js';

const SERVICE = '12345678123412341234123456789abc';
const READ = '12345678123412341234123456789a01';
const WRITE = '12345678123412341234123456789a02';
const NOTIFY = '12345678123412341234123456789a03';

describe('real noble central ↔ real bleno peripheral on the simulated air', () => {
  let pair: SimPair;
  let peripheral: Peripheral;
  const writes: Array<{ data: string; withoutResponse: boolean }> = [];
  let notify: ((data: Buffer) => void) | null = null;
  let subscribedMaxValueSize = 0;

  beforeAll(async () => {
    pair = await startSimPair({ defaultRssi: -50 });
    const { bleno } = pair;
    pair.air.setRssi(pair.centralAddress, pair.peripheralAddress, -63);
    const Characteristic = bleno.Characteristic;
    await setServices(bleno, [
      new bleno.PrimaryService({
        uuid: SERVICE,
        characteristics: [
          new Characteristic({ uuid: READ, properties: ['read'], value: Buffer.from('hello from bleno') }),
          new Characteristic({
            uuid: WRITE,
            properties: ['write', 'writeWithoutResponse'],
            onWriteRequest: (data, _offset, withoutResponse, cb) => {
              writes.push({ data: data.toString(), withoutResponse });
              cb(Characteristic.RESULT_SUCCESS);
            },
          }),
          new Characteristic({
            uuid: NOTIFY,
            properties: ['notify'],
            onSubscribe: (max, update) => {
              subscribedMaxValueSize = max;
              notify = update;
            },
            onUnsubscribe: () => (notify = null),
          }),
        ],
      }),
    ]);
    await advertise(bleno, 'sim-peripheral', [SERVICE]);
  });

  afterAll(() => {
    pair?.air.close();
  });

  it('discovers the advertised service with the configured RSSI and name', async () => {
    peripheral = await discover(pair.noble, SERVICE);
    expect(peripheral.address).toBe(pair.peripheralAddress);
    expect(peripheral.rssi).toBe(-63);
    expect(peripheral.advertisement.localName).toBe('sim-peripheral');
    expect(peripheral.advertisement.serviceUuids).toContain(SERVICE);
  });

  let chars: Record<string, Characteristic> = {};
  it('connects, discovers characteristics and reads; mtu is set after the first GATT operation', async () => {
    await peripheral.connectAsync();
    expect(peripheral.state).toBe('connected');
    const { characteristics } = await peripheral.discoverSomeServicesAndCharacteristicsAsync([SERVICE], []);
    chars = Object.fromEntries(characteristics.map((c) => [c.uuid, c]));
    expect(Object.keys(chars).sort()).toEqual([READ, WRITE, NOTIFY].sort());
    const value = await chars[READ]!.readAsync();
    expect(value.toString()).toBe('hello from bleno');
    expect(peripheral.mtu).toBe(256); // bleno caps the ATT MTU at 256
  });

  it('writes with and without response, including a long (prepare/execute) write', async () => {
    await chars[WRITE]!.writeAsync(Buffer.from('with-response'), false);
    await chars[WRITE]!.writeAsync(Buffer.from('without-response'), true);
    const long = 'x'.repeat(600);
    await chars[WRITE]!.writeAsync(Buffer.from(long), false);
    await withDeadline(async () => { while (writes.length < 3) await new Promise((r) => setTimeout(r, 5)); }, { clock: systemClock, ms: 5000, operation: 'writes' });
    expect(writes).toEqual([
      { data: 'with-response', withoutResponse: false },
      { data: 'without-response', withoutResponse: true },
      { data: long, withoutResponse: false },
    ]);
  });

  it('subscribes and receives notifications (maxValueSize = MTU - 3)', async () => {
    const got: string[] = [];
    chars[NOTIFY]!.on('data', (d: Buffer) => got.push(d.toString()));
    await chars[NOTIFY]!.subscribeAsync();
    await withDeadline(async () => { while (!notify) await new Promise((r) => setTimeout(r, 5)); }, { clock: systemClock, ms: 5000, operation: 'subscribe' });
    expect(subscribedMaxValueSize).toBe(253);
    notify!(Buffer.from('n1'));
    notify!(Buffer.from('n2'));
    await withDeadline(async () => { while (got.length < 2) await new Promise((r) => setTimeout(r, 5)); }, { clock: systemClock, ms: 5000, operation: 'notify' });
    expect(got).toEqual(['n1', 'n2']);
  });

  it('reads the link RSSI', async () => {
    expect(await peripheral.updateRssiAsync()).toBe(-63);
  });

  it('link drop mid-operation: noble op never settles, the deadline fires, noble emits disconnect', async () => {
    const disconnected = new Promise<void>((r) => peripheral.once('disconnect', () => r()));
    const blenoSawIt = new Promise<string>((r) => pair.bleno.once('disconnect', (addr: string) => r(addr)));
    const read = chars[READ]!.readAsync();
    pair.air.dropLink(pair.centralAddress, pair.peripheralAddress);
    await expect(withDeadline(read, { clock: systemClock, ms: 300, operation: 'ble.read' })).rejects.toBeInstanceOf(TimeoutError);
    await disconnected;
    expect(peripheral.state).toBe('disconnected');
    expect(await blenoSawIt).toBe(pair.centralAddress);
  });

  it('central power off then on: noble reports poweredOff, then poweredOn again', async () => {
    const off = new Promise<string>((r) => pair.noble.once('stateChange', r));
    pair.air.setPowered(pair.centralAddress, false);
    expect(await off).toBe('poweredOff');
    const on = new Promise<string>((r) => pair.noble.once('stateChange', r));
    pair.air.setPowered(pair.centralAddress, true);
    expect(await on).toBe('poweredOn');
  });

  it('peripheral power off while connected: the central sees disconnect (supervision timeout)', async () => {
    await withDeadline(peripheral.connectAsync(), { clock: systemClock, ms: 5000, operation: 'reconnect' });
    // noble forgets the GATT database on disconnect: old Characteristic objects throw synchronously.
    expect(() => chars[READ]!.read()).toThrow(TypeError);
    const { characteristics } = await peripheral.discoverSomeServicesAndCharacteristicsAsync([SERVICE], [READ]);
    const value = await withDeadline(characteristics[0]!.readAsync(), { clock: systemClock, ms: 5000, operation: 'read' });
    expect(value.toString()).toBe('hello from bleno');
    const disconnected = new Promise<void>((r) => peripheral.once('disconnect', () => r()));
    pair.air.setPowered(pair.peripheralAddress, false);
    await withDeadline(disconnected, { clock: systemClock, ms: 5000, operation: 'disconnect' });
    expect(peripheral.state).toBe('disconnected');
    expect(pair.air.controller(pair.centralAddress).links.size).toBe(0);
  });
});
