import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { startAirBroker } from '../../src/sim/radio/air-broker.js';
import type { AirBroker } from '../../src/sim/radio/air-broker.js';
import { createSimBleno, createSimNoble, installSimulatedHci, whenPoweredOn } from '../../src/sim/radio/install-sim.js';
import { discover } from './sim-pair.js';

const CHILD_ADDRESS = 'c0:de:5e:0c:0c:01';

describe('air broker: two processes share one air', () => {
  let child: ChildProcess | undefined;
  let broker: AirBroker | undefined;
  const air = new SimAir();

  afterAll(async () => {
    child?.kill('SIGKILL');
    await broker?.close();
    air.close();
  });

  it('a noble here reads from a bleno in a child process', async () => {
    installSimulatedHci(air);
    broker = await startAirBroker(air, { port: 0 });
    expect(broker.address).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
    const script = fileURLToPath(new URL('./broker-child.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', script, broker.address, CHILD_ADDRESS], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ready = new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
      child!.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    await withDeadline(ready, { clock: systemClock, ms: 20_000, operation: 'child ready' });
    expect(air.controller(CHILD_ADDRESS).adv.enabled).toBe(true);

    const noble = createSimNoble(air.createController());
    await whenPoweredOn(noble);
    const peripheral = await withDeadline(discover(noble, 'c41d0000000000000000000000000001'), { clock: systemClock, ms: 5000, operation: 'discover' });
    expect(peripheral.address).toBe(CHILD_ADDRESS);
    await withDeadline(peripheral.connectAsync(), { clock: systemClock, ms: 5000, operation: 'connect' });
    const { characteristics } = await withDeadline(
      peripheral.discoverSomeServicesAndCharacteristicsAsync(['c41d0000000000000000000000000001'], ['c41d0000000000000000000000000002']),
      { clock: systemClock, ms: 5000, operation: 'discover gatt' },
    );
    const value = await withDeadline(characteristics[0]!.readAsync(), { clock: systemClock, ms: 5000, operation: 'read' });
    expect(value.toString()).toBe(`pid ${child.pid}`);
    expect(peripheral.mtu).toBe(256);
  });
});

describe('air broker joined from the environment by unchanged app code', () => {
  it('a child requiring the plain noble singleton (register.cjs + EDGECODER_BLE_SIM_BROKER) reads our bleno', async () => {
    const air = new SimAir();
    installSimulatedHci(air);
    const broker = await startAirBroker(air, { path: `/tmp/edgecoder-air-${process.pid}.sock` });
    expect(broker.address).toBe(`unix:/tmp/edgecoder-air-${process.pid}.sock`);
    const bleno = createSimBleno(air.createController());
    await whenPoweredOn(bleno);
    const svc = 'e0e00000000000000000000000000001';
    const chr = 'e0e00000000000000000000000000002';
    await new Promise<void>((resolve) => bleno.setServices([new bleno.PrimaryService({
      uuid: svc, characteristics: [new bleno.Characteristic({ uuid: chr, properties: ['read'], value: Buffer.from('hello child') })],
    })], () => resolve()));
    await new Promise<void>((resolve) => { bleno.once('advertisingStart', () => resolve()); bleno.startAdvertising('parent', [svc]); });
    const script = fileURLToPath(new URL('./plain-noble-child.ts', import.meta.url));
    const register = fileURLToPath(new URL('../../src/sim/radio/register.cjs', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', '--require', register, script, svc, chr], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, EDGECODER_BLE_SIM_BROKER: broker.address, EDGECODER_BLE_SIM_ADDRESS: 'c0:de:5e:0c:0c:02' },
    });
    try {
      const out = await withDeadline(new Promise<string>((resolve) => {
        let acc = '';
        proc.stdout!.on('data', (d: Buffer) => (acc += d.toString()));
        proc.once('exit', () => resolve(acc));
      }), { clock: systemClock, ms: 20_000, operation: 'child read' });
      expect(out).toContain('VALUE hello child MTU 256');
      expect(air.controller('c0:de:5e:0c:0c:02').devId).toBeGreaterThan(0);
    } finally {
      proc.kill('SIGKILL');
      await broker.close();
      air.close();
    }
  });
});
