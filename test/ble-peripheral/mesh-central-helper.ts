/**
 * Test-side mesh central on the real noble: discovers the mesh service, writes framed messages and
 * reassembles framed notifications (with the protocol's own codec).
 */
import type { Characteristic, Peripheral } from '@abandonware/noble';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { chunkSizeFor, encodeFrames } from '../../src/main/ble/protocol/chunk-codec.js';
import { Reassembler } from '../../src/main/ble/protocol/reassembler.js';
import { MESH_CHAR, MESH_SERVICE } from '../../src/main/ble/protocol/uuids.js';
import type { SimAir } from '../../src/sim/radio/sim-air.js';
import { createSimNoble, whenPoweredOn } from '../../src/sim/radio/install-sim.js';
import type { Noble } from '../../src/sim/radio/install-sim.js';

export const bounded = <T>(p: Promise<T>, operation: string, ms = 10_000): Promise<T> => withDeadline(p, { clock: systemClock, ms, operation });

export interface MeshCentral {
  noble: Noble;
  /** This central's controller address (what bleno reports as clientAddress). */
  address: string;
  peripheral: Peripheral;
  chars: Record<'identity' | 'capabilities' | 'taskRequest' | 'taskResponse' | 'ledgerSync', Characteristic>;
  /** Every raw notification received on 0005, in order. */
  responseChunks: Buffer[];
  /** Next complete framed message on 0005 / 0006. */
  nextResponse(): Promise<Buffer>;
  nextLedgerAck(): Promise<Buffer>;
  send(which: 'taskRequest' | 'ledgerSync', message: Buffer, withoutResponse?: boolean): Promise<void>;
  disconnect(): Promise<void>;
}

function messages(): { push(frame: Buffer): void; next(): Promise<Buffer> } {
  const r = new Reassembler({ clock: systemClock });
  const done: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  return {
    push(frame) {
      const m = r.push(frame);
      if (!m) return;
      const w = waiters.shift();
      if (w) w(m);
      else done.push(m);
    },
    next: () => bounded(new Promise<Buffer>((resolve) => {
      const m = done.shift();
      if (m) resolve(m);
      else waiters.push(resolve);
    }), 'next framed message'),
  };
}

export async function connectMeshCentral(air: SimAir, peripheralAddress: string): Promise<MeshCentral> {
  const controller = air.createController();
  const noble = createSimNoble(controller);
  await bounded(whenPoweredOn(noble), 'noble poweredOn');
  const peripheral = await bounded(new Promise<Peripheral>((resolve, reject) => {
    noble.on('discover', (p: Peripheral) => {
      if (p.address !== peripheralAddress) return;
      noble.stopScanning();
      resolve(p);
    });
    noble.startScanning([MESH_SERVICE.noble], false, (err?: Error) => err && reject(err));
  }), 'discover');
  await bounded(peripheral.connectAsync(), 'connect');
  const { characteristics } = await bounded(peripheral.discoverSomeServicesAndCharacteristicsAsync([MESH_SERVICE.noble], []), 'gatt discovery');
  const byUuid = (u: string): Characteristic => {
    const c = characteristics.find((x) => x.uuid === u);
    if (!c) throw new Error(`missing characteristic ${u}`);
    return c;
  };
  const chars = {
    identity: byUuid(MESH_CHAR.identity.noble),
    capabilities: byUuid(MESH_CHAR.capabilities.noble),
    taskRequest: byUuid(MESH_CHAR.taskRequest.noble),
    taskResponse: byUuid(MESH_CHAR.taskResponse.noble),
    ledgerSync: byUuid(MESH_CHAR.ledgerSync.noble),
  };
  const responses = messages();
  const acks = messages();
  const responseChunks: Buffer[] = [];
  chars.taskResponse.on('data', (d: Buffer) => {
    responseChunks.push(d);
    responses.push(d);
  });
  chars.ledgerSync.on('data', (d: Buffer) => acks.push(d));
  await bounded(chars.taskResponse.subscribeAsync(), 'subscribe 0005');
  await bounded(chars.ledgerSync.subscribeAsync(), 'subscribe 0006');
  return {
    noble, address: controller.address, peripheral, chars, responseChunks,
    nextResponse: responses.next,
    nextLedgerAck: acks.next,
    async send(which, message, withoutResponse = false) {
      for (const frame of encodeFrames(message, chunkSizeFor(peripheral.mtu))) {
        await bounded(chars[which].writeAsync(frame, withoutResponse), `write ${which}`);
      }
    },
    disconnect: () => bounded(peripheral.disconnectAsync(), 'disconnect'),
  };
}
