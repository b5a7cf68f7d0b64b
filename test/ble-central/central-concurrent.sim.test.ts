/**
 * Several exchanges at once on a central with few connection slots (real noble and bleno on the
 * simulated air): a link opened for one exchange must not be recycled for another peer before that
 * exchange has used it, and a release asked for while the link is in use waits for its last user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService, LinkLostError } from '../../src/main/ble/central/index.js';
import { TimeoutError } from '../../src/main/core/deadline.js';
import { MESH_HASH, startWorld, waitFor } from './sim-world.js';
import type { World } from './sim-world.js';

let world: World;
let central: BleCentralService;
const peer = (n: string) => world.mesh.find((m) => m.spec.name === n)!;
const linked = (id: string): boolean => central.peers().some((p) => p.peerId === id && p.link === 'connected');

beforeAll(async () => {
  world = await startWorld([
    { name: 'phone-a', deviceType: 'phone', rssi: -55, paramSize: 1.5, battery: 90, load: 0 },
    { name: 'phone-b', deviceType: 'phone', rssi: -60, paramSize: 3, battery: 80, load: 0 },
  ], []);
  central = new BleCentralService({ nobleFactory: () => world.noble, clock: systemClock, logger: memoryLogger(), meshTokenHash: MESH_HASH, maxConnections: 1 });
  await central.start();
  await central.setScanning(true);
  await waitFor(() => central.peers().filter((p) => p.routable).length === 2, 'both peers identified');
}, 60_000);
afterAll(async () => {
  await central?.stop();
  world?.close();
});

describe('concurrent exchanges over a bounded pool', () => {
  it('one slot, two peers asked at once: both answer (the opened link is not recycled before its exchange)', async () => {
    const a = peer('phone-a');
    const b = peer('phone-b');
    for (const p of [a, b]) central.release(p.peerId, 'test: start unlinked');
    await waitFor(() => central.status().connections === 0, 'no link held');
    const results = await Promise.allSettled([
      central.sendTask(a.peerId, { id: 'both-a', prompt: 'hi a' }, { timeoutMs: 30_000 }),
      central.sendTask(b.peerId, { id: 'both-b', prompt: 'hi b' }, { timeoutMs: 30_000 }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.output : String(r.reason)))).toEqual(['echo:hi a', 'echo:hi b']);
  }, 60_000);

  it('a release asked for during an exchange closes the link only after it, and the exchange answers', async () => {
    const a = peer('phone-a');
    let linkedAfterRelease: boolean | null = null;
    // Called by the peer when the request has arrived: the exchange is in flight on the link.
    a.behaviour.output = (req) => {
      central.release(a.peerId, 'test: done with it');
      linkedAfterRelease = linked(a.peerId);
      return `echo:${req.prompt}`;
    };
    const pending = central.sendTask(a.peerId, { id: 'held-a', prompt: 'hold' }, { timeoutMs: 30_000 });
    const answer = await pending;
    a.behaviour.output = undefined;
    expect(linkedAfterRelease).toBe(true);
    expect(answer.output).toBe('echo:hold');
    expect(linked(a.peerId)).toBe(false);
  }, 60_000);

  it('a dropped link fails every exchange on it at once, and a device gone quiet gets the short connect deadline', async () => {
    const b = peer('phone-b');
    b.behaviour.stallAfterChunks = 0; // takes requests, never answers
    const onLink = [central.sendTask(b.peerId, { id: 'q-1', prompt: 'one' }, { timeoutMs: 30_000 }), central.sendTask(b.peerId, { id: 'q-2', prompt: 'two' }, { timeoutMs: 30_000 })]
      .map((p) => p.then(() => null, (e: unknown) => e));
    await waitFor(() => b.requests.some((r) => r.id === 'q-1'), 'the first request reached the peer');
    world.air.setPowered(b.address, false); // switched off: its link drops and it stops advertising
    const errors = await Promise.all(onLink);
    expect(errors.map((e) => e instanceof LinkLostError)).toEqual([true, true]);
    const err = await central.sendTask(b.peerId, { id: 'q-3', prompt: 'three' }, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).ms).toBe(2_500);
  }, 60_000);
});
