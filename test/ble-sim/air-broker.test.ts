import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { SimAir } from '../../src/main/ble/sim/sim-air.js';
import { startAirBroker } from '../../src/main/ble/sim/air-broker.js';
import type { AirBroker } from '../../src/main/ble/sim/air-broker.js';
import { createSimNoble, installSimulatedHci, whenPoweredOn } from '../../src/main/ble/sim/install-sim.js';
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
