import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { createSimBleno, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/mesh-peripheral-service.js';
import type { PeerContext } from '../../src/main/ble/peripheral/mesh-exchange.js';
import { MESH_SERVICE } from '../../src/main/ble/protocol/uuids.js';
import { encodeFrames } from '../../src/main/ble/protocol/chunk-codec.js';
import type { MeshTaskRequest } from '../../src/main/ble/protocol/mesh-schemas.js';
import { bounded, connectMeshCentral } from './mesh-central-helper.js';
import type { MeshCentral } from './mesh-central-helper.js';

const identity = { agentId: 'laptop-7', meshTokenHash: 'ab'.repeat(16), publicKey: 'pk-base64' };
const capabilities = { model: 'qwen2.5-coder-7b', modelParamSize: 7, memoryMB: 16000, batteryPct: 80, currentLoad: 0, deviceType: 'laptop' as const };
const json = (b: Buffer): Record<string, unknown> => JSON.parse(b.toString('utf8')) as Record<string, unknown>;
const request = (id: string, prompt: string): Buffer => Buffer.from(JSON.stringify({ id, prompt, maxTokens: 64 }));

describe('mesh peripheral service (real bleno) served to a real noble central on the sim', () => {
  const air = new SimAir();
  installSimulatedHci(air);
  const peripheralCtrl = air.createController({ address: 'c0:de:5e:00:aa:01' });
  const signals: AbortSignal[] = [];
  let release: (() => void) | null = null;
  const service = new MeshPeripheralService({
    identity,
    capabilities,
    name: 'EdgeCoder laptop with a very long name indeed',
    bleno: () => createSimBleno(peripheralCtrl),
    taskTimeoutMs: 1000,
    taskHandler: async (req: MeshTaskRequest, ctx: PeerContext) => {
      signals.push(ctx.signal);
      if (req.prompt === 'big') return { ok: true, output: 'y'.repeat(64 * 1024) };
      if (req.prompt === 'hang') return new Promise(() => undefined);
      if (req.prompt === 'slow') await new Promise<void>((r) => (release = r));
      return { ok: true, output: `echo:${req.prompt}`, cpuSeconds: 0.5 };
    },
    ledgerHandler: async (batch) => ({ accepted: batch.transactions.map((t) => t.txId), rejected: [] }),
  });
  let a: MeshCentral;

  beforeAll(async () => {
    await service.start();
  });
  afterAll(async () => {
    await service.stop();
    air.close();
  });

  it('advertises the mesh service within 31 bytes and serves identity and capabilities', async () => {
    expect(service.status().state).toEqual({ kind: 'advertising' });
    expect(peripheralCtrl.adv.data.length).toBeLessThanOrEqual(31);
    expect(peripheralCtrl.adv.scanRsp.length).toBeLessThanOrEqual(31);
    a = await connectMeshCentral(air, peripheralCtrl.address);
    expect(a.peripheral.advertisement.serviceUuids).toContain(MESH_SERVICE.noble);
    expect(a.peripheral.advertisement.localName).toBe('EdgeCoder laptop with a very');
    expect(json(await bounded(a.chars.identity.readAsync(), 'read identity'))).toEqual(identity);
    expect(json(await bounded(a.chars.capabilities.readAsync(), 'read caps'))).toEqual(capabilities);
    expect(service.status().central).toBe(a.address);
  });

  it('notifies capabilities when they change', async () => {
    const got = new Promise<Buffer>((resolve) => a.chars.capabilities.once('data', resolve));
    await bounded(a.chars.capabilities.subscribeAsync(), 'subscribe 0003');
    service.updateCapabilities({ ...capabilities, batteryPct: 55, currentLoad: 1 });
    expect(json(await bounded(got, 'caps notify'))).toEqual({ ...capabilities, batteryPct: 55, currentLoad: 1 });
    expect(json(await bounded(a.chars.capabilities.readAsync(), 'read caps'))).toMatchObject({ batteryPct: 55 });
  });

  it('answers a framed request (write with and without response)', async () => {
    await a.send('taskRequest', request('r1', 'hello'));
    expect(json(await a.nextResponse())).toMatchObject({ id: 'r1', ok: true, output: 'echo:hello', cpuSeconds: 0.5 });
    await a.send('taskRequest', request('r2', 'again'), true);
    expect(json(await a.nextResponse())).toMatchObject({ id: 'r2', ok: true, output: 'echo:again' });
  });

  it('notifies a 64 KiB response in chunks of the subscriber maxValueSize', async () => {
    a.responseChunks.length = 0;
    await a.send('taskRequest', request('big-1', 'big'));
    const body = await a.nextResponse();
    expect(json(body)).toMatchObject({ id: 'big-1', ok: true, output: 'y'.repeat(64 * 1024) });
    const maxValueSize = (a.peripheral.mtu ?? 23) - 3;
    expect(maxValueSize).toBe(253);
    expect(a.responseChunks.length).toBe(Math.ceil(body.length / (maxValueSize - 4)));
    expect(a.responseChunks.slice(0, -1).every((c) => c.length === maxValueSize)).toBe(true);
    a.responseChunks.forEach((c, i) => expect([c.readUInt16BE(0), c.readUInt16BE(2)]).toEqual([i, a.responseChunks.length]));
  });

  it('drops bad frames with a counted reason and keeps serving', async () => {
    await bounded(a.chars.taskRequest.writeAsync(Buffer.from([0x00, 0x01]), false), 'short');
    await bounded(a.chars.taskRequest.writeAsync(Buffer.from([0x00, 0x05, 0x00, 0x02, 0x41]), false), 'seq>=total');
    await bounded(a.chars.taskRequest.writeAsync(Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.alloc(600, 0x20)]), false), 'oversize');
    await a.send('taskRequest', Buffer.from('{not json'));
    await a.send('taskRequest', Buffer.from(JSON.stringify({ id: 'bad-1', prompt: 42 })));
    expect(json(await a.nextResponse())).toMatchObject({ id: 'bad-1', ok: false });
    await a.send('taskRequest', request('r3', 'still-alive'));
    expect(json(await a.nextResponse())).toMatchObject({ id: 'r3', ok: true, output: 'echo:still-alive' });
    expect(service.status().counters.badFrames).toEqual({ 'short-frame': 1, 'seq-out-of-range': 1, 'oversize-frame': 1, 'bad-json': 1, 'invalid-message': 1 });
  });

  it('refuses a second request while one is in flight, then times out a hung handler', async () => {
    await a.send('taskRequest', request('slow-1', 'slow'));
    await bounded((async () => { while (!release) await new Promise((r) => setTimeout(r, 5)); })(), 'handler started');
    await a.send('taskRequest', request('r4', 'x'));
    expect(json(await a.nextResponse())).toMatchObject({ id: 'r4', ok: false, error: expect.stringContaining('busy') });
    release!();
    expect(json(await a.nextResponse())).toMatchObject({ id: 'slow-1', ok: true });
    await a.send('taskRequest', request('hang-1', 'hang'));
    expect(json(await a.nextResponse())).toMatchObject({ id: 'hang-1', ok: false, error: 'timeout' });
    expect(signals.at(-1)?.aborted).toBe(true);
    expect(service.status().counters).toMatchObject({ busy: 1, taskTimeouts: 1 });
  });

  it('syncs a ledger batch and acknowledges it by notify', async () => {
    await a.send('ledgerSync', Buffer.from(JSON.stringify({ batchId: 'b1', transactions: [{ txId: 't1', credits: 2 }, { txId: 't2' }] })));
    expect(json(await a.nextLedgerAck())).toEqual({ batchId: 'b1', accepted: ['t1', 't2'], rejected: [] });
  });

  it('isolates centrals: a half-sent message from one never reaches the next; disconnect aborts its task', async () => {
    await a.send('taskRequest', request('hang-2', 'hang'));
    await bounded((async () => { while (!service.status().taskInFlight) await new Promise((r) => setTimeout(r, 5)); })(), 'task running');
    const hung = signals.at(-1)!;
    const half = request('partial', 'from A, never completed');
    const [first] = encodeFrames(half, 20);
    await bounded(a.chars.taskRequest.writeAsync(first!, false), 'half');
    await a.disconnect();
    await bounded((async () => { while (service.status().central) await new Promise((r) => setTimeout(r, 5)); })(), 'session closed');
    expect(hung.aborted).toBe(true);
    const b = await connectMeshCentral(air, peripheralCtrl.address);
    expect(service.status().central).toBe(b.address);
    const bad = { ...service.status().counters.badFrames };
    // Had B inherited A's partial message, B's frame 0 would be rejected (total changed / contradicting chunk).
    const msg = request('from-b', 'hello from B, padded to the same frame count as A..');
    for (const f of encodeFrames(msg, 20)) await bounded(b.chars.taskRequest.writeAsync(f, false), 'b write');
    expect(json(await b.nextResponse())).toMatchObject({ id: 'from-b', ok: true });
    expect(service.status().counters.badFrames).toEqual(bad);
    expect(service.status().counters).toMatchObject({ connections: 2, disconnects: 1 });
    await b.disconnect();
  });
});
