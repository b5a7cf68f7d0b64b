import type { Core } from '../../src/main/app/composition-root.js';
import type { Snapshot } from '../../src/shared/snapshot.js';

/** A valid snapshot with every slice empty, for tests that change one field. */
export function emptySnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    mode: 'off',
    modeChange: { at: 0, cause: 'startup' },
    worker: { state: 'off', reasons: [], snoozedUntil: null, running: 0, capacity: 1 },
    network: { state: 'unknown', detail: '', checkedAt: null, heartbeats: [] },
    bluetooth: { state: 'not-started', detail: '', droppedFrames: 0 },
    peers: [],
    credits: null,
    model: null,
    activity: [],
    routing: {
      self: { name: 'This computer', model: null, paramSize: 0, currentLoad: 0, route: { terms: null, rank: null, skip: { code: 'model_not_ready', message: 'No local model is loaded and ready.' }, sizeUnknown: false } },
      recent: [],
      servedToday: { day: '', localApi: 0, dashboard: 0 },
    },
    ...overrides,
  };
}

/** Resolves with the current snapshot if it satisfies `cond`, else with the first published one that does. */
export function snapshotWhere(core: Pick<Core, 'snapshot' | 'bus'>, cond: (s: Snapshot) => boolean): Promise<Snapshot> {
  const now = core.snapshot.current();
  if (cond(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    // Every slice event: the snapshot as it is after it.
    const off = core.bus.subscribe(() => {
      const s = core.snapshot.current();
      if (cond(s)) {
        off();
        resolve(s);
      }
    });
  });
}
