import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/shared/snapshot.js';
import { RunnerStore } from '../../src/renderer/store/runner-store.js';
import { frameScheduler, MAX_FLUSHES_PER_SECOND } from '../../src/renderer/store/frame-scheduler.js';

const snapshot: Snapshot = {
  mode: 'off', modeChange: { at: 1, cause: 'startup' },
  worker: { state: 'off', reasons: [], snoozedUntil: null, running: 0, capacity: 1 },
  network: { state: 'unknown', detail: '', checkedAt: null, heartbeats: [] },
  bluetooth: { state: 'not-started', detail: '', droppedFrames: 0 },
  peers: [], credits: null, model: null, activity: [],
  routing: { self: { name: 'This computer', model: null, paramSize: 0, currentLoad: 0, route: { terms: null, rank: null, skip: null, sizeUnknown: false } }, recent: [], servedToday: { day: '1970-01-01', localApi: 0, dashboard: 0 } },
};

function manualFlush(): { schedule: (fn: () => void) => void; flush: () => void } {
  const queue: Array<() => void> = [];
  return { schedule: (fn) => queue.push(fn), flush: () => queue.splice(0).forEach((fn) => fn()) };
}

describe('RunnerStore', () => {
  it('applies valid slice events, drops and counts bad ones, and keeps the last good value', () => {
    const f = manualFlush();
    const store = new RunnerStore(f.schedule);
    store.loadSnapshot(snapshot);
    expect(store.receive('network', { state: 'online', detail: 'ok', checkedAt: 5 })).toBe(true);
    expect(store.receive('network', { state: 'sideways', detail: 'bad' })).toBe(false);
    expect(store.receive('peers', { upserted: [{ id: 'x' }], removed: [] })).toBe(false);
    expect(store.receive('nonsense', {})).toBe(false);
    expect(store.receive('models', {})).toBe(false); // another panel's event: not counted as bad
    f.flush();
    expect(store.getView().snapshot?.network).toEqual({ state: 'online', detail: 'ok', checkedAt: 5, heartbeats: [] });
    expect(store.getView().snapshot?.peers).toEqual([]);
    expect(store.stats).toMatchObject({ applied: 1, dropped: 3 });
    expect(store.stats.lastDropped).toMatch(/unknown event nonsense/);
  });

  it('events that arrive while a snapshot is on its way are applied after it, not to the old one', () => {
    const f = manualFlush();
    const store = new RunnerStore(f.schedule);
    store.loadSnapshot(snapshot);
    const seen = { at: 10, level: 'info' as const, message: 'already in the new snapshot', kind: 'other' as const };
    // A reconnect: the snapshot is asked for again; meanwhile the host sends events.
    store.snapshotRequested();
    expect(store.receive('activity', { entries: [seen] })).toBe(true);
    expect(store.receive('network', { state: 'offline', detail: 'cable out', checkedAt: 20 })).toBe(true);
    expect(store.receive('activity', { entries: [{ at: 21, level: 'warn', message: 'newer than the snapshot', kind: 'other' }] })).toBe(true);
    // The snapshot the host took before the network event, with the first Activity line in it.
    store.loadSnapshot({ ...snapshot, network: { state: 'online', detail: 'ok', checkedAt: 15, heartbeats: [] }, activity: [seen] });
    f.flush();
    const view = store.getView().snapshot;
    expect(view?.network).toEqual({ state: 'offline', detail: 'cable out', checkedAt: 20, heartbeats: [] });
    expect(view?.activity.map((a) => a.message)).toEqual(['newer than the snapshot', 'already in the new snapshot']);
    // Afterwards events apply at once again.
    store.receive('network', { state: 'online', detail: 'back', checkedAt: 30 });
    f.flush();
    expect(store.getView().snapshot?.network.detail).toBe('back');
  });

  it('publishes a burst of events as one change, keeping untouched slices by reference', () => {
    const f = manualFlush();
    const store = new RunnerStore(f.schedule);
    store.loadSnapshot(snapshot);
    f.flush();
    const before = store.getView();
    let notified = 0;
    store.subscribe(() => notified++);
    for (let n = 0; n < 50; n++) store.receive('activity', { entries: [{ at: n, level: 'info', message: `m${n}` }] });
    expect(store.getView()).toBe(before); // nothing visible until the flush
    f.flush();
    expect(notified).toBe(1);
    const after = store.getView().snapshot;
    expect(after?.activity[0]?.message).toBe('m49');
    expect(after?.routing).toBe(snapshot.routing);
  });

  it('flushes on an animation frame, at most MAX_FLUSHES_PER_SECOND (6) times a second', () => {
    let now = 0;
    const timeouts: Array<{ at: number; fn: () => void }> = [];
    const frames: Array<() => void> = [];
    const schedule = frameScheduler({ now: () => now, setTimeout: (fn, ms) => timeouts.push({ at: now + ms, fn }), requestAnimationFrame: (fn) => frames.push(fn) });
    const runs: number[] = [];
    schedule(() => runs.push(now));
    frames.shift()?.();
    now = 30;
    schedule(() => runs.push(now));
    expect(frames).toHaveLength(0);
    expect(timeouts[0]?.at).toBeCloseTo(1000 / MAX_FLUSHES_PER_SECOND);
    now = 1000 / MAX_FLUSHES_PER_SECOND;
    timeouts.shift()?.fn();
    frames.shift()?.();
    expect(runs).toEqual([0, 1000 / MAX_FLUSHES_PER_SECOND]);
    expect(MAX_FLUSHES_PER_SECOND).toBeLessThanOrEqual(6);
  });
});
