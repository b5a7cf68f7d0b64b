import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerSchema, SelfCandidateSchema } from '../../src/shared/snapshot.js';
import { ManualClock, systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService, SELF_REASON } from '../../src/main/ble/central/index.js';
import { RouteBoard, type SelfState } from '../../src/main/routing/route-board.js';
import { MESH_HASH, OTHER_MESH_HASH, startWorld, waitFor, type World } from '../ble-central/sim-world.js';
import { iphone, NOW, OWN_HASH, record } from './candidate-fixtures.js';

const tiny: SelfState = { readyModel: { name: 'alphabet-tiny', paramSize: 0.0001 }, running: 0, queued: 1, deviceType: 'workstation' };

describe('RouteBoard from peer records', () => {
  const clock = new ManualClock(NOW);
  const board = new RouteBoard({ clock, meshTokenHash: OWN_HASH });
  let changes = 0;
  board.onChange(() => changes++);

  it('this computer is a candidate from the start (not ready until a model is)', () => {
    const view = board.view();
    expect(view.peers).toEqual([]);
    expect(view.self).toMatchObject({ name: 'This computer', model: null, route: { rank: null, skip: { code: 'model_not_ready' } } });
    board.setSelf(tiny);
    expect(changes).toBe(1);
    expect(board.view().self).toMatchObject({ model: 'alphabet-tiny', currentLoad: 1, route: { rank: 1, terms: { load: 20, battery: 0, signal: 0, total: 75.999 } } });
  });

  it('an unchanged self state tells no one (engine load events are frequent)', () => {
    board.setSelf({ ...tiny, readyModel: { name: 'alphabet-tiny', paramSize: 0.0001 } });
    expect(changes).toBe(1);
  });

  it('peers carry their terms and total, ranked first, skipped after, own peripheral not listed', () => {
    board.setPeers([
      record({ peerId: 'far', localName: 'far-phone', modelParamSize: 0, batteryPct: 0, currentLoad: 3, rssi: -95 }), // 56+60+50+30 = 196
      record({ peerId: 'stranger', meshTokenHash: 'ffffffffffffffff0000000000000000', routable: false }),
      record({ peerId: 'laptop', localName: 'sim-laptop-1', deviceType: 'laptop', model: 'qwen-7b', modelParamSize: 7, rssi: -50 }), // 10
      record({ peerId: 'phone', localName: 'sim-phone-1', currentLoad: 1, rssi: -70 }), // 82
      record({ peerId: 'mine', routable: false, notRoutableReason: SELF_REASON }),
      iphone({ peerId: 'iphone', localName: 'iPhone 1', rssi: -60 }), // 56+0+5+15 = 76
    ]);
    expect(changes).toBe(2);
    const view = board.view();
    for (const p of view.peers) PeerSchema.parse(p);
    SelfCandidateSchema.parse(view.self);
    expect(view.peers.map((p) => [p.id, p.route.rank, p.route.terms?.total ?? null, p.route.skip?.code ?? null])).toEqual([
      ['laptop', 1, 10, null],
      ['iphone', 3, 76, null],
      ['phone', 4, 82, null],
      ['far', 5, 196, null],
      ['stranger', null, null, 'other_mesh'],
    ]);
    expect(view.peers.find((p) => p.id === 'iphone')?.route.sizeUnknown).toBe(true);
    expect(view.peers.find((p) => p.id === 'stranger')?.sameMesh).toBe(false);
    expect(view.self.route.rank).toBe(2);
    expect(board.rank().skipped.map((s) => s.reason.code).sort()).toEqual(['other_mesh', 'own_peripheral']);
  });

  it('rank(model) keeps only the devices serving that model', () => {
    const r = board.rank('qwen-7b');
    expect(r.ranked.map((x) => x.candidate.id)).toEqual(['laptop']);
    expect(r.skipped.filter((s) => s.reason.code === 'model_mismatch').map((s) => s.candidate.id).sort()).toEqual(['far', 'iphone', 'phone', 'this-computer']);
  });

  it('staleness follows the clock: after 61 s only this computer is left', async () => {
    await clock.advance(61_000);
    const view = board.view();
    expect(view.self.route.rank).toBe(1);
    expect(view.peers.filter((p) => p.route.rank !== null)).toEqual([]);
    expect(view.peers.find((p) => p.id === 'laptop')?.route.skip).toMatchObject({ code: 'stale', message: 'Not seen for 61 s.' });
  });

  it('a new mesh token re-flags the peers', () => {
    board.setPeers([record({ peerId: 'p', lastSeen: clock.now(), meshTokenHash: OWN_HASH })]);
    expect(board.view().peers[0]?.route.rank).not.toBeNull();
    board.setMeshTokenHash('ffffffffffffffff0000000000000000');
    expect(board.view().peers[0]?.route.skip?.code).toBe('other_mesh');
  });
});

describe('RouteBoard fed by the real central over the simulated air', () => {
  let world: World;
  let central: BleCentralService;
  const clock = new ManualClock(Date.now());
  const board = new RouteBoard({ clock, meshTokenHash: MESH_HASH });

  beforeAll(async () => {
    world = await startWorld([
      { name: 'phone-3b', deviceType: 'phone', rssi: -70, paramSize: 3, battery: 80, load: 1 },
      { name: 'laptop-7b', deviceType: 'laptop', rssi: -50, paramSize: 7, battery: 40, load: 0 },
      { name: 'stranger', deviceType: 'phone', rssi: -40, paramSize: 7, battery: 100, load: 0, meshTokenHash: OTHER_MESH_HASH },
    ], [{ name: 'iphone', rssi: -60, status: { modelState: 'busy', batteryPct: 90 } }]);
    central = new BleCentralService({ nobleFactory: () => world.noble, clock: systemClock, logger: memoryLogger(), meshTokenHash: MESH_HASH });
    central.onPeerChange(() => board.setPeers(central.peers()));
    await central.start();
    await central.setScanning(true);
  });

  afterAll(async () => {
    await central?.stop();
    world?.close();
  });

  it('ranks what the devices advertised, with this computer among them', async () => {
    board.setSelf(tiny);
    await waitFor(() => board.view().peers.filter((p) => p.route.terms !== null || p.route.skip?.code === 'other_mesh').length === 4, 'four devices identified');
    const id = (name: string): string => world.mesh.find((m) => m.spec.name === name)?.peerId ?? world.phones[0]!.peerId;
    const costs = Object.fromEntries(board.view().peers.map((p) => [p.id, [p.route.rank, p.route.terms?.total ?? p.route.skip?.code]]));
    expect(costs).toEqual({
      [id('laptop-7b')]: [1, 10],
      [id('phone-3b')]: [3, 82],
      [world.phones[0]!.peerId]: [4, 76 + 20], // busy iPhone: size unknown (56) + one task (20) + 5 + 15
      [id('stranger')]: [null, 'other_mesh'],
    });
    expect(board.view().self.route).toMatchObject({ rank: 2, terms: { total: 75.999 } });
  });
});
