/**
 * Contract suite for any BLE central implementation: give it a factory, it runs the scenarios against
 * real noble + bleno on the simulated air (3 phones + 1 laptop + a peer of another mesh + an iPhone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/main/core/clock.js';
import { TimeoutError } from '../../src/main/core/deadline.js';
import type { Logger } from '../../src/main/core/logger.js';
import { LinkLostError } from '../../src/main/ble/central/index.js';
import type { BleCentralService, NobleFactory, PeerChange } from '../../src/main/ble/central/index.js';
import { MESH_HASH, OTHER_MESH_HASH, startWorld, waitFor } from './sim-world.js';
import type { MeshSpec, World } from './sim-world.js';

export type CentralUnderTest = Pick<BleCentralService,
  'start' | 'stop' | 'setScanning' | 'peers' | 'status' | 'onPeerChange' | 'sendTask' | 'sendLocalTask' | 'sendLedgerBatch'>;

export interface CentralDeps {
  nobleFactory: NobleFactory;
  clock: Clock;
  logger: Logger;
  meshTokenHash: string;
}

export type CentralFactory = (deps: CentralDeps) => CentralUnderTest;

export const ROOM: MeshSpec[] = [
  { name: 'phone-a', deviceType: 'phone', rssi: -55, paramSize: 1.5, battery: 90, load: 0 },
  { name: 'phone-b', deviceType: 'phone', rssi: -72, paramSize: 3, battery: 40, load: 1 },
  { name: 'phone-c', deviceType: 'phone', rssi: -81, paramSize: 0.5, battery: 15, load: 0 },
  { name: 'laptop-d', deviceType: 'laptop', rssi: -47, paramSize: 7, battery: 100, load: 2 },
  { name: 'stranger', deviceType: 'phone', rssi: -65, paramSize: 7, battery: 80, load: 0, meshTokenHash: OTHER_MESH_HASH },
];

export function describeCentralContract(name: string, make: (world: World) => CentralUnderTest): void {
  describe(`BLE central contract: ${name}`, () => {
    let world: World;
    let central: CentralUnderTest;
    const changes: PeerChange[] = [];
    const peerOf = (n: string) => world.mesh.find((m) => m.spec.name === n)!;

    beforeAll(async () => {
      world = await startWorld(ROOM, [{ name: 'iphone', rssi: -58, status: { modelState: 'ready', batteryPct: 87 } }]);
      central = make(world);
      central.onPeerChange((c) => {
        changes.push(c);
        maxConnections = Math.max(maxConnections, central.status().connections);
      });
      await central.start();
      await central.setScanning(true);
    });
    let maxConnections = 0;

    afterAll(async () => {
      await central?.stop();
      world?.close();
    });

    it('discovers 3 phones, 1 laptop and an iPhone with their capabilities and RSSI; flags another mesh', async () => {
      await waitFor(() => central.peers().filter((p) => p.identifiedAt !== null).length === 6, 'all six peers identified');
      const peers = central.peers();
      for (const spec of ROOM) {
        const p = peers.find((x) => x.peerId === peerOf(spec.name).peerId)!;
        expect(p, spec.name).toBeDefined();
        expect(p).toMatchObject({
          profile: 'mesh', agentId: `agent-${spec.name}`, deviceType: spec.deviceType, model: `model-${spec.paramSize}b`,
          modelParamSize: spec.paramSize, batteryPct: spec.battery, currentLoad: spec.load, rssi: spec.rssi,
          meshTokenHash: spec.meshTokenHash ?? MESH_HASH,
        });
        expect(p.routable, spec.name).toBe(spec.name !== 'stranger');
      }
      expect(peers.find((p) => p.peerId === peerOf('stranger').peerId)?.notRoutableReason).toMatch(/different mesh/);
      const iphone = peers.find((p) => p.peerId === world.phones[0]!.peerId)!;
      expect(iphone).toMatchObject({ profile: 'local', deviceType: 'phone', modelState: 'ready', batteryPct: 87, rssi: -58, routable: true });
      expect(maxConnections).toBeGreaterThan(0);
      expect(maxConnections).toBeLessThanOrEqual(3); // default bound, 6 peers
      expect(changes.some((c) => c.kind === 'added')).toBe(true);
    });

    it('round-trips a 16 KiB request and a 64 KiB response', async () => {
      const laptop = peerOf('laptop-d');
      laptop.behaviour = { output: (req) => `${req.prompt.length}:`.padEnd(64 * 1024, 'r') };
      const prompt = 'p'.repeat(16 * 1024);
      const res = await central.sendTask(laptop.peerId, { id: 'big-1', prompt }, { timeoutMs: 60_000 });
      expect(res.id).toBe('big-1');
      expect(res.ok).toBe(true);
      expect(res.output.length).toBe(64 * 1024);
      expect(res.output.startsWith('16384:')).toBe(true);
      expect(laptop.requests.at(-1)?.prompt).toBe(prompt);
    });

    it('round-trips a Bluetooth Local request larger than one slice', async () => {
      const prompt = `hello ${'x'.repeat(1500)}`;
      const res = await central.sendLocalTask(world.phones[0]!.peerId, { prompt, maxTokens: 64 }, { timeoutMs: 30_000 });
      expect(res.ok).toBe(true);
      expect(res.output).toBe(`phone says: ${prompt.toUpperCase()}`);
      expect(world.phones[0]!.prompts).toEqual([prompt]);
    });

    it('acknowledges a ledger batch over 0006', async () => {
      const phone = peerOf('phone-a');
      const ack = await central.sendLedgerBatch(phone.peerId, {
        batchId: 'batch-1',
        transactions: [{ txId: 'tx-1', credits: 1.5 }, { txId: 'tx-2', credits: 0.7, signature: 'x'.repeat(300) }],
      }, { timeoutMs: 30_000 });
      expect(ack).toEqual({ batchId: 'batch-1', accepted: ['tx-1', 'tx-2'], rejected: [] });
      expect(phone.ledgerBatches).toEqual(['batch-1']);
    });

    it('times out on a response that stalls half way, leaves clean state, then succeeds after reconnecting', async () => {
      const phone = peerOf('phone-b');
      phone.behaviour = { output: () => 'y'.repeat(5000), stallAfterChunks: 5 };
      const err = await central.sendTask(phone.peerId, { id: 'stall-1', prompt: 'hi' }, { timeoutMs: 3_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      await waitFor(() => central.peers().find((p) => p.peerId === phone.peerId)?.link !== 'connected', 'stalled link closed');
      phone.behaviour = {};
      const res = await central.sendTask(phone.peerId, { id: 'stall-2', prompt: 'again' }, { timeoutMs: 30_000 });
      expect(res).toMatchObject({ id: 'stall-2', output: 'echo:again' });
    });

    it('fails fast when the link drops mid-response, then succeeds after reconnecting', async () => {
      const phone = peerOf('phone-c');
      phone.behaviour = {
        output: () => 'z'.repeat(8000),
        onChunk: (n) => {
          if (n === 4) world.air.dropLink(world.centralAddress, phone.address);
        },
      };
      const err = await central.sendTask(phone.peerId, { id: 'drop-1', prompt: 'hi' }, { timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(err instanceof LinkLostError || err instanceof TimeoutError, String(err)).toBe(true);
      phone.behaviour = {};
      const res = await central.sendTask(phone.peerId, { id: 'drop-2', prompt: 'back' }, { timeoutMs: 30_000 });
      expect(res).toMatchObject({ id: 'drop-2', output: 'echo:back' });
    });

    it('drops a response carrying another request id, counts it, and times out', async () => {
      const phone = peerOf('phone-a');
      phone.behaviour = { wrongId: true };
      const err = await central.sendTask(phone.peerId, { id: 'mine', prompt: 'hi' }, { timeoutMs: 3_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(central.status().dropped['unexpected-id']).toBeGreaterThanOrEqual(1);
      phone.behaviour = {};
    });

    it('updates a peer when its capabilities change', async () => {
      const laptop = peerOf('laptop-d');
      await central.sendTask(laptop.peerId, { id: 'warm', prompt: 'x' }, { timeoutMs: 30_000 }); // make sure it is connected
      laptop.setCapabilities({ ...laptop.capabilities, currentLoad: 5, batteryPct: 55 });
      await waitFor(() => central.peers().find((p) => p.peerId === laptop.peerId)?.currentLoad === 5, 'capability notification applied');
      expect(central.peers().find((p) => p.peerId === laptop.peerId)?.batteryPct).toBe(55);
    });

    it('refreshes RSSI of a connected peer (no advertisements while connected)', async () => {
      const laptop = peerOf('laptop-d');
      await central.sendTask(laptop.peerId, { id: 'rssi', prompt: 'x' }, { timeoutMs: 30_000 });
      world.air.setRssi(world.centralAddress, laptop.address, -77);
      await waitFor(() => central.peers().find((p) => p.peerId === laptop.peerId)?.rssi === -77, 'RSSI poll applied');
      expect(central.peers().find((p) => p.peerId === laptop.peerId)?.link).toBe('connected');
    });

    it('drops capabilities advertising load −1, counts the reason and keeps the last valid values', async () => {
      const laptop = peerOf('laptop-d');
      const before = central.status().dropped['invalid-message'] ?? 0;
      laptop.setCapabilities({ ...laptop.capabilities, currentLoad: -1 });
      await waitFor(() => (central.status().dropped['invalid-message'] ?? 0) > before, 'bad capabilities counted');
      expect(central.peers().find((p) => p.peerId === laptop.peerId)?.currentLoad).toBe(5);
      expect(central.status().recentDrops.at(-1)?.message).toMatch(/currentLoad/);
    });

    it('runs concurrent tasks on 4 peers and the iPhone through 3 connection slots', async () => {
      for (const m of world.mesh) m.behaviour = {};
      const names = ['phone-a', 'phone-b', 'phone-c', 'laptop-d'];
      const results = await Promise.all([
        ...names.map((n, i) => central.sendTask(peerOf(n).peerId, { id: `conc-${i}`, prompt: `to ${n}` }, { timeoutMs: 30_000 })),
        central.sendLocalTask(world.phones[0]!.peerId, { id: 'conc-local', prompt: 'and you' }, { timeoutMs: 30_000 }),
      ]);
      expect(results.map((r) => r.output)).toEqual([...names.map((n) => `echo:to ${n}`), 'phone says: AND YOU']);
      expect(maxConnections).toBeLessThanOrEqual(3);
      expect(central.status().connections).toBeLessThanOrEqual(3);
    });

    it('never interleaves two outgoing messages on one connection (task + ledger batch at once)', async () => {
      const phone = peerOf('phone-b');
      phone.behaviour = {};
      phone.writeLog.length = 0;
      const [res, ack] = await Promise.all([
        central.sendTask(phone.peerId, { id: 'inter-1', prompt: 'q'.repeat(3000) }, { timeoutMs: 30_000 }),
        central.sendLedgerBatch(phone.peerId, { batchId: 'inter-b', transactions: [{ txId: 'tx-9', pad: 'p'.repeat(3000) }] }, { timeoutMs: 30_000 }),
      ]);
      expect(res.output).toBe(`echo:${'q'.repeat(3000)}`);
      expect(ack.accepted).toEqual(['tx-9']);
      const runs = phone.writeLog.join('').replace(/t+/g, 't').replace(/l+/g, 'l');
      expect(['tl', 'lt']).toContain(runs);
    });

    it('refuses to route work to a peer of another mesh', async () => {
      await expect(central.sendTask(peerOf('stranger').peerId, { id: 's', prompt: 'x' }, { timeoutMs: 20_000 })).rejects.toThrow(/different mesh/);
    });
  });
}

export type { MeshSpec, World };
