/**
 * Test-only minimal bleno peripherals speaking our two profiles (the full peripheral service is another
 * branch's work): a mesh agent (identity, capabilities, framed task + ledger) and a Bluetooth Local iPhone.
 * Real bleno on the simulated air; the behaviour knobs let tests stall or cut a response half way.
 */
import type { Bleno } from '../../src/sim/radio/install-sim.js';
import { systemClock } from '../../src/main/core/clock.js';
import {
  encodeFrames, encodeLocalSlices, LOCAL_CHAR, LOCAL_SERVICE, LOCAL_SLICE_BYTES, LocalAccumulator, localRequestSchema,
  MESH_CHAR, MESH_SERVICE, meshTaskRequestSchema, ledgerBatchSchema, decodeJsonMessage, Reassembler,
} from '../../src/main/ble/protocol/index.js';
import type { LocalStatus, MeshTaskRequest, PeerCapabilities, PeerIdentity } from '../../src/main/ble/protocol/index.js';

type Notify = ((data: Buffer) => void) | null;

export interface MeshBehaviour {
  /** Output for a request (default: `echo:<prompt>`). */
  output?: (req: MeshTaskRequest) => string;
  /** Send only this many response chunks, then go silent (null: all). */
  stallAfterChunks?: number | null;
  /** Called after this many response chunks were sent (e.g. to drop the link). */
  onChunk?: (sent: number) => void;
  /** Answer with another request id (a confused or malicious peer). */
  wrongId?: boolean;
}

export interface VirtualMeshPeer {
  bleno: Bleno;
  identity: PeerIdentity;
  capabilities: PeerCapabilities;
  behaviour: MeshBehaviour;
  requests: MeshTaskRequest[];
  ledgerBatches: string[];
  /** One letter per write received: t = task request chunk, l = ledger chunk. */
  writeLog: string[];
  setCapabilities(caps: PeerCapabilities): void;
  start(): Promise<void>;
}

function longRead(get: () => Buffer) {
  return (offset: number, cb: (result: number, data?: Buffer) => void): void => cb(0, get().subarray(offset));
}

/** Bumped on every bleno disconnect: a response being streamed to a dropped central stops. */
const generations = new WeakMap<object, number>();
const generationOf = (bleno: object): number => generations.get(bleno) ?? 0;
function trackDisconnects(bleno: Bleno): void {
  bleno.on('disconnect', () => generations.set(bleno, generationOf(bleno) + 1));
}

function sendChunked(bleno: Bleno, notify: Notify, max: number, frames: Buffer[], behaviour: MeshBehaviour, spacingMs = 0): void {
  let sent = 0;
  const gen = generationOf(bleno);
  const next = (): void => {
    if (!notify || sent >= frames.length || generationOf(bleno) !== gen) return;
    if (behaviour.stallAfterChunks != null && sent >= behaviour.stallAfterChunks) return;
    notify(frames[sent]!.subarray(0, max));
    sent++;
    behaviour.onChunk?.(sent);
    if (spacingMs) setTimeout(next, spacingMs);
    else setImmediate(next);
  };
  next();
}

export function createMeshPeer(bleno: Bleno, name: string, identity: PeerIdentity, capabilities: PeerCapabilities): VirtualMeshPeer {
  const C = bleno.Characteristic;
  let capsNotify: Notify = null;
  let respNotify: Notify = null;
  let respMax = 20;
  let ledgerNotify: Notify = null;
  let ledgerMax = 20;
  const clock = systemClock;
  const taskIn = new Reassembler({ clock, maxBytes: 256 * 1024 });
  const ledgerIn = new Reassembler({ clock });
  const peer: VirtualMeshPeer = {
    bleno, identity, capabilities, behaviour: {}, requests: [], ledgerBatches: [], writeLog: [],
    setCapabilities(caps) {
      peer.capabilities = caps;
      capsNotify?.(Buffer.from(JSON.stringify(caps)));
    },
    start: () => serveAndAdvertise(bleno, service, name, MESH_SERVICE.noble),
  };
  trackDisconnects(bleno);
  bleno.on('disconnect', () => {
    taskIn.reset();
    ledgerIn.reset();
    capsNotify = respNotify = ledgerNotify = null;
  });
  const service = new bleno.PrimaryService({
    uuid: MESH_SERVICE.noble,
    characteristics: [
      new C({ uuid: MESH_CHAR.identity.noble, properties: ['read'], onReadRequest: longRead(() => Buffer.from(JSON.stringify(peer.identity))) }),
      new C({
        uuid: MESH_CHAR.capabilities.noble, properties: ['read', 'notify'],
        onReadRequest: longRead(() => Buffer.from(JSON.stringify(peer.capabilities))),
        onSubscribe: (_max: number, update: (d: Buffer) => void) => (capsNotify = update),
        onUnsubscribe: () => (capsNotify = null),
      }),
      new C({
        uuid: MESH_CHAR.taskRequest.noble, properties: ['write', 'writeWithoutResponse'],
        onWriteRequest: (data: Buffer, _o: number, _w: boolean, cb: (r: number) => void) => {
          cb(0);
          peer.writeLog.push('t');
          const msg = taskIn.push(data);
          if (!msg) return;
          const req = decodeJsonMessage(meshTaskRequestSchema, msg, 'task request');
          peer.requests.push(req);
          const output = peer.behaviour.output?.(req) ?? `echo:${req.prompt}`;
          const body = Buffer.from(JSON.stringify({ id: peer.behaviour.wrongId ? 'not-yours' : req.id, ok: true, output, cpuSeconds: 0.5, durationMs: 12 }));
          sendChunked(bleno, respNotify, respMax, encodeFrames(body, Math.min(512, respMax)), peer.behaviour);
        },
      }),
      new C({
        uuid: MESH_CHAR.taskResponse.noble, properties: ['notify'],
        onSubscribe: (max: number, update: (d: Buffer) => void) => ((respNotify = update), (respMax = max)),
        onUnsubscribe: () => (respNotify = null),
      }),
      new C({
        uuid: MESH_CHAR.ledgerSync.noble, properties: ['write', 'notify'],
        onSubscribe: (max: number, update: (d: Buffer) => void) => ((ledgerNotify = update), (ledgerMax = max)),
        onUnsubscribe: () => (ledgerNotify = null),
        onWriteRequest: (data: Buffer, _o: number, _w: boolean, cb: (r: number) => void) => {
          cb(0);
          peer.writeLog.push('l');
          const msg = ledgerIn.push(data);
          if (!msg) return;
          const batch = decodeJsonMessage(ledgerBatchSchema, msg, 'ledger batch');
          peer.ledgerBatches.push(batch.batchId);
          const ack = Buffer.from(JSON.stringify({ batchId: batch.batchId, accepted: batch.transactions.map((t) => t.txId) }));
          sendChunked(bleno, ledgerNotify, ledgerMax, encodeFrames(ack, Math.min(512, ledgerMax)), {});
        },
      }),
    ],
  });
  return peer;
}

export interface VirtualLocalPhone {
  bleno: Bleno;
  status: LocalStatus;
  prompts: string[];
  start(): Promise<void>;
}

export function createLocalPhone(bleno: Bleno, name: string, status: LocalStatus): VirtualLocalPhone {
  const C = bleno.Characteristic;
  let respNotify: Notify = null;
  let respMax = 20;
  const inbox = new LocalAccumulator({ clock: systemClock, schema: localRequestSchema, what: 'local request' });
  const phone: VirtualLocalPhone = {
    bleno, status, prompts: [],
    start: () => serveAndAdvertise(bleno, service, name, LOCAL_SERVICE.noble),
  };
  trackDisconnects(bleno);
  bleno.on('disconnect', () => inbox.reset());
  const service = new bleno.PrimaryService({
    uuid: LOCAL_SERVICE.noble,
    characteristics: [
      new C({
        uuid: LOCAL_CHAR.request.noble, properties: ['write', 'writeWithoutResponse'],
        onWriteRequest: (data: Buffer, _o: number, _w: boolean, cb: (r: number) => void) => {
          cb(0);
          const req = inbox.push(data);
          if (!req) return;
          phone.prompts.push(req.prompt);
          const body = JSON.stringify({ id: req.id, output: `phone says: ${req.prompt.toUpperCase()}`, ok: true, durationMs: 450 });
          // The seed's iPhone slices at 512 bytes, 10 ms apart; bleno cuts a notification at MTU − 3.
          const slices = encodeLocalSlices(body, Math.min(LOCAL_SLICE_BYTES, respMax));
          sendChunked(bleno, respNotify, respMax, slices, {}, 10);
        },
      }),
      new C({
        uuid: LOCAL_CHAR.response.noble, properties: ['notify', 'read'],
        onSubscribe: (max: number, update: (d: Buffer) => void) => ((respNotify = update), (respMax = max)),
        onUnsubscribe: () => (respNotify = null),
      }),
      new C({ uuid: LOCAL_CHAR.status.noble, properties: ['notify', 'read'], onReadRequest: longRead(() => Buffer.from(JSON.stringify(phone.status))) }),
    ],
  });
  return phone;
}

/** Sets the GATT table and starts advertising; bleno reports failures only as events. */
async function serveAndAdvertise(bleno: Bleno, service: Parameters<Bleno['setServices']>[0][number], name: string, serviceUuid: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    bleno.once('servicesSetError', reject);
    bleno.setServices([service], (err?: Error | null) => (err ? reject(err) : resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    bleno.once('advertisingStartError', reject);
    bleno.once('advertisingStart', (err?: Error | null) => (err ? reject(err) : resolve()));
    bleno.startAdvertising(name, [serviceUuid]);
  });
}
