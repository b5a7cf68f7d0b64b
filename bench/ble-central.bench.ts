/**
 * End to end over real noble + bleno on the simulated controller (no radio timing: this measures the
 * CPU cost of the stacks and of our framing). Framed: BleCentralService.sendTask with a 16 KiB prompt and
 * a 64 KiB answer against MeshPeripheralService. Baseline in the same run: the same bytes as raw GATT
 * writes (MTU − 3) and raw notifications (maxValueSize), no header, no JSON, no validation.
 */
import { performance } from 'node:perf_hooks';
import type { Characteristic, Peripheral } from '@abandonware/noble';
import { systemClock } from '../src/main/core/clock.js';
import { silentLogger } from '../src/main/core/logger.js';
import { BleCentralService } from '../src/main/ble/central/index.js';
import type { NobleLike } from '../src/main/ble/central/index.js';
import { chunkSizeFor } from '../src/main/ble/protocol/index.js';
import { SimAir } from '../src/sim/radio/sim-air.js';
import { createSimBleno, createSimNoble, installSimulatedHci, whenPoweredOn } from '../src/sim/radio/install-sim.js';
import { SIM_MESH_TOKEN_HASH, startMeshDevice } from '../src/sim/devices/mesh-device.js';

const UP = 16 * 1024;
const DOWN = 64 * 1024;
const ROUNDS = 5;
const RAW_SERVICE = '0000feed00001000800000805f9b34fb';
const RAW_WRITE = '0000fee100001000800000805f9b34fb';
const RAW_NOTIFY = '0000fee200001000800000805f9b34fb';

async function rawPeripheral(air: SimAir): Promise<string> {
  const ctrl = air.createController();
  const bleno = createSimBleno(ctrl);
  await whenPoweredOn(bleno);
  let notify: ((d: Buffer) => void) | null = null;
  let max = 20;
  let received = 0;
  const C = bleno.Characteristic;
  await new Promise<void>((resolve, reject) => {
    bleno.setServices([new bleno.PrimaryService({ uuid: RAW_SERVICE, characteristics: [
      new C({ uuid: RAW_WRITE, properties: ['write'], onWriteRequest: (data: Buffer, _o: number, _w: boolean, cb: (r: number) => void) => {
        cb(0);
        received += data.length;
        if (received < UP) return;
        received = 0;
        const send = async (): Promise<void> => {
          for (let at = 0, i = 0; at < DOWN; at += max, i++) {
            notify?.(Buffer.alloc(Math.min(max, DOWN - at), 0x61));
            if (i % 16 === 15) await new Promise((r) => setImmediate(r));
          }
        };
        void send();
      } }),
      new C({ uuid: RAW_NOTIFY, properties: ['notify'], onSubscribe: (m: number, u: (d: Buffer) => void) => ((max = m), (notify = u)) }),
    ] })], (err?: Error | null) => (err ? reject(err) : resolve()));
  });
  await new Promise<void>((resolve) => {
    bleno.once('advertisingStart', () => resolve());
    bleno.startAdvertising('raw', [RAW_SERVICE]);
  });
  return ctrl.address;
}

async function rawRounds(air: SimAir, address: string): Promise<number> {
  const noble = createSimNoble(air.createController());
  await whenPoweredOn(noble);
  const p = await new Promise<Peripheral>((resolve) => {
    noble.on('discover', (d: Peripheral) => {
      if (d.address === address) void noble.stopScanningAsync().then(() => resolve(d));
    });
    void noble.startScanningAsync([RAW_SERVICE], false);
  });
  await p.connectAsync();
  const { characteristics } = await p.discoverSomeServicesAndCharacteristicsAsync([RAW_SERVICE], [RAW_WRITE, RAW_NOTIFY]);
  const byUuid = new Map(characteristics.map((c: Characteristic) => [c.uuid, c]));
  const w = byUuid.get(RAW_WRITE)!;
  const n = byUuid.get(RAW_NOTIFY)!;
  await n.subscribeAsync();
  const size = chunkSizeFor(p.mtu);
  let start = performance.now();
  for (let r = -1; r < ROUNDS; r++) {
    if (r === 0) start = performance.now(); // round −1 warms up, as the framed side does
    let got = 0;
    const done = new Promise<void>((resolve) => {
      const onData = (d: Buffer): void => {
        got += d.length;
        if (got >= DOWN) {
          n.removeListener('data', onData);
          resolve();
        }
      };
      n.on('data', onData);
    });
    for (let at = 0; at < UP; at += size) await w.writeAsync(Buffer.alloc(Math.min(size, UP - at), 0x70), false);
    await done;
  }
  const ms = performance.now() - start;
  await p.disconnectAsync();
  return ms;
}

async function framedRounds(air: SimAir): Promise<{ ms: number; mtu: number | null }> {
  const device = await startMeshDevice(air, {
    agentId: 'bench-laptop', deviceType: 'laptop',
    taskHandler: async () => ({ ok: true, output: 'a'.repeat(DOWN), cpuSeconds: 0.1, durationMs: 1 }),
  });
  const central = new BleCentralService({
    nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
    clock: systemClock, logger: silentLogger, meshTokenHash: SIM_MESH_TOKEN_HASH,
  });
  await central.start();
  await central.setScanning(true);
  const peerId = device.address.replace(/:/g, '');
  while (!central.peers().some((p) => p.peerId === peerId && p.identifiedAt !== null)) await new Promise((r) => setTimeout(r, 20));
  await central.sendTask(peerId, { id: 'warm', prompt: 'x' }, { timeoutMs: 30_000 });
  const start = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const res = await central.sendTask(peerId, { id: `b${r}`, prompt: 'p'.repeat(UP) }, { timeoutMs: 60_000 });
    if (res.output.length !== DOWN) throw new Error('short answer');
  }
  const ms = performance.now() - start;
  await central.stop();
  await device.stop();
  return { ms, mtu: 256 };
}

export default async function run(): Promise<Record<string, unknown>> {
  const air = new SimAir({ defaultRssi: -50, seed: 3 });
  installSimulatedHci(air);
  try {
    const rawAddress = await rawPeripheral(air);
    const rawMs = await rawRounds(air, rawAddress);
    const framed = await framedRounds(air);
    const ratio = framed.ms / rawMs;
    return {
      rounds: ROUNDS, requestBytes: UP, responseBytes: DOWN,
      rawGattMs: Number(rawMs.toFixed(1)), framedSendTaskMs: Number(framed.ms.toFixed(1)),
      framedVsRawTime: Number(ratio.toFixed(3)),
      goal: 'framed sendTask (chunk headers + JSON + zod + id matching) ≤ 1.5 × the time of raw unframed GATT for the same bytes',
      met: ratio <= 1.5,
    };
  } finally {
    air.close();
  }
}
