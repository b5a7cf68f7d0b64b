import { describe, expect, it } from 'vitest';
import { appEventPolicy, type AppEvent } from '../../src/main/events/app-events.js';
import { PeersDiff } from '../../src/main/app/peers-diff.js';
import { EventBus } from '../../src/main/events/event-bus.js';
import type { Peer } from '../../src/shared/snapshot.js';
import { PeersChangeSchema } from '../../src/shared/slice-events.js';

const peer = (id: string, rssi: number): Peer => ({
  id, name: `EdgeCoder ${id}`, profile: 'mesh', deviceType: 'phone', model: 'm', paramSize: 1.5, batteryPct: 50, currentLoad: 0, rssi,
  lastSeenAt: 1, sameMesh: true, agentId: null, route: { terms: null, rank: null, skip: { code: 'too_costly', message: 'x' }, sizeUnknown: false },
});

/** A bus whose subscriber is held back until `release()`, so what piles up for it can be inspected. */
function heldBus(): { bus: EventBus<AppEvent>; received: AppEvent[]; release: () => Promise<void> } {
  const queue: Array<() => void> = [];
  const bus = new EventBus<AppEvent>({ capacity: 64, policy: appEventPolicy, schedule: (fn) => queue.push(fn) });
  const received: AppEvent[] = [];
  bus.subscribe((e) => void received.push(e));
  return {
    bus, received, release: async () => {
      while (queue.length) {
        queue.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

describe('peers changes in the event bus', () => {
  it('200 devices changing RSSI every second reach a slow subscriber as one change per device, newest values', async () => {
    const { bus, received, release } = heldBus();
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 200; i++) bus.publish({ name: 'peers', payload: { upserted: [peer(`p${i}`, -50 - second)], removed: [] } });
    }
    await release();
    expect(received).toHaveLength(1);
    const change = PeersChangeSchema.parse(received[0]?.payload);
    expect(change.upserted).toHaveLength(200);
    expect(new Set(change.upserted.map((p) => p.rssi))).toEqual(new Set([-54]));
    expect(bus.stats.coalesced).toBe(999);
    expect(bus.stats.dropped).toBe(0);
  });

  it('a removal after an update cancels it, and an update after a removal brings the device back', async () => {
    const { bus, received, release } = heldBus();
    bus.publish({ name: 'peers', payload: { upserted: [peer('a', -60), peer('b', -61)], removed: [] } });
    bus.publish({ name: 'peers', payload: { upserted: [], removed: ['a', 'c'] } });
    bus.publish({ name: 'peers', payload: { upserted: [peer('c', -70)], removed: [] } });
    await release();
    expect(received).toEqual([{ name: 'peers', payload: { upserted: [peer('b', -61), peer('c', -70)], removed: ['a'] } }]);
  });

  it('activity entries are appended, never lost to coalescing; other slices keep only the newest', async () => {
    const { bus, received, release } = heldBus();
    for (let n = 0; n < 3; n++) {
      bus.publish({ name: 'activity', payload: { entries: [{ at: n, level: 'info', message: `m${n}`, kind: 'other' }] } });
      bus.publish({ name: 'network', payload: { state: 'online', detail: `d${n}`, checkedAt: n, heartbeats: [] } });
    }
    await release();
    expect(received.map((e) => e.name).sort()).toEqual(['activity', 'network']);
    const activity = received.find((e) => e.name === 'activity');
    expect(activity?.payload).toEqual({ entries: [2, 1, 0].map((n) => ({ at: n, level: 'info', message: `m${n}`, kind: 'other' })) });
    expect(received.find((e) => e.name === 'network')?.payload).toMatchObject({ detail: 'd2' });
  });
});

describe('PeersDiff', () => {
  it('reports only the peers whose record changed, and the ids gone', () => {
    const diff = new PeersDiff();
    expect(diff.next([peer('a', -60), peer('b', -70)]).upserted.map((p) => p.id)).toEqual(['a', 'b']);
    expect(diff.next([peer('a', -60), peer('b', -73)])).toEqual({ upserted: [peer('b', -73)], removed: [] });
    expect(diff.next([peer('b', -73)])).toEqual({ upserted: [], removed: ['a'] });
  });
});
