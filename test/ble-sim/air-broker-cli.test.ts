import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Peripheral } from '@abandonware/noble';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { connectAirBroker } from '../../src/sim/radio/air-broker.js';
import { createSimNoble, installSimulatedHci, whenPoweredOn } from '../../src/sim/radio/install-sim.js';
import { MESH_CHAR, MESH_SERVICE } from '../../src/main/ble/protocol/uuids.js';

const bounded = <T>(p: Promise<T>, operation: string): Promise<T> => withDeadline(p, { clock: systemClock, ms: 20_000, operation });

describe('standalone air broker CLI with a simulated neighbourhood', () => {
  it('serves a mesh phone that this process reaches through the broker', async () => {
    const cli = fileURLToPath(new URL('../../src/sim/host/air-broker-cli.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--phones', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = await bounded(new Promise<string[]>((resolve, reject) => {
        let acc = '';
        proc.stdout!.on('data', (d: Buffer) => {
          acc += d.toString();
          if (/^AIR /m.test(acc)) resolve(acc.trim().split('\n'));
        });
        proc.once('exit', (code) => reject(new Error(`air CLI exited ${code}`)));
      }), 'air ready');
      const address = lines.find((l) => l.startsWith('AIR '))!.slice(4);
      const phone = lines.find((l) => l.startsWith('DEVICE mesh '))!.split(' ');
      expect(phone[4]).toBe('sim-phone-1');
      expect(phone[3]).toMatch(/^ec-[0-9a-f]{32}$/); // self-certifying: the hash of its key
      installSimulatedHci(connectAirBroker(address));
      const noble = createSimNoble();
      await bounded(whenPoweredOn(noble), 'remote noble poweredOn');
      const p = await bounded(new Promise<Peripheral>((resolve) => {
        noble.on('discover', (x: Peripheral) => x.address === phone[2] && resolve(x));
        void noble.startScanningAsync([MESH_SERVICE.noble], false);
      }), 'discover phone');
      expect(p.rssi).toBe(-55);
      await noble.stopScanningAsync();
      await bounded(p.connectAsync(), 'connect');
      const { characteristics } = await bounded(p.discoverSomeServicesAndCharacteristicsAsync([MESH_SERVICE.noble], [MESH_CHAR.identity.noble]), 'gatt');
      const identity = JSON.parse((await bounded(characteristics[0]!.readAsync(), 'read')).toString()) as { agentId: string };
      expect(identity.agentId).toBe(phone[3]);
    } finally {
      proc.kill('SIGTERM');
    }
  });
});
