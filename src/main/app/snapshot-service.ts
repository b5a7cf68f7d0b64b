import type { ActivityEntry, ActivityKind, Snapshot, WorkerStatus } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../events/event-bus.js';
import type { ModeService } from '../modes/mode-service.js';
import { activityKind } from './activity-kind.js';
import type { AppEvent } from './app-events.js';

/** The admission gate as the snapshot sees it: the worker value, and a call when its inputs change. */
export interface WorkerStatusSource {
  status(): WorkerStatus;
  onChange(listener: () => void): () => void;
  contextChanged(): void;
}

/** Slices the worker status depends on: a change goes through the gate, which republishes. */
const workerInputs: ReadonlySet<keyof SnapshotSlices> = new Set(['model', 'network', 'bluetooth']);

/** Slices other services own; each is replaced whole by its owner. */
export type SnapshotSlices = Pick<Snapshot, 'network' | 'bluetooth' | 'peers' | 'credits' | 'model' | 'routing'>;

const initialSlices: SnapshotSlices = {
  network: { state: 'unknown', detail: 'The network monitor has not checked the coordinator yet.', checkedAt: null, heartbeats: [] },
  bluetooth: { state: 'not-started', detail: 'Bluetooth starts when the mode is Bluetooth Local.', droppedFrames: 0 },
  peers: [],
  credits: null,
  model: null,
  routing: {
    self: {
      name: 'This computer', model: null, paramSize: 0, currentLoad: 0,
      route: { terms: null, rank: null, skip: { code: 'model_not_ready', message: 'No local model is loaded and ready.' }, sizeUnknown: false },
    },
    recent: [],
    servedToday: { day: '', localApi: 0, dashboard: 0 },
  },
};

const ACTIVITY_LIMIT = 50;

/**
 * Merges the slices of every service into one Snapshot and publishes it (coalesced) on the event bus
 * whenever anything changes. It holds the only copy; readers get the latest value.
 */
export class SnapshotService {
  private slices: SnapshotSlices = initialSlices;
  private readonly activity: ActivityEntry[] = [];

  constructor(
    private readonly deps: { mode: ModeService; bus: EventBus<AppEvent>; clock: Clock; worker: WorkerStatusSource },
  ) {
    deps.worker.onChange(() => this.publish());
    deps.mode.onChange((state) => {
      this.note('info', `Mode changed to ${state.mode} (${state.cause}).`, 'mode');
    });
  }

  current(): Snapshot {
    const mode = this.deps.mode.current;
    return {
      mode: mode.mode,
      modeChange: { at: mode.changedAt, cause: mode.cause },
      worker: this.deps.worker.status(),
      ...this.slices,
      activity: [...this.activity],
    };
  }

  /** One slice as it is now (an owner that replaces part of its slice keeps the rest). */
  slice<K extends keyof SnapshotSlices>(key: K): SnapshotSlices[K] {
    return this.slices[key];
  }

  update<K extends keyof SnapshotSlices>(key: K, value: SnapshotSlices[K]): void {
    this.slices = { ...this.slices, [key]: value };
    if (workerInputs.has(key)) this.deps.worker.contextChanged();
    else this.publish();
  }

  /** The slices as they are now (the admission gate reads model, network and Bluetooth here). */
  currentSlices(): SnapshotSlices {
    return this.slices;
  }

  /** Adds a line to the Activity panel (bounded, newest first); `topic` is what it is about (see activityKind). */
  note(level: ActivityEntry['level'], message: string, topic: ActivityKind): void {
    this.activity.unshift({ at: this.deps.clock.now(), level, message, kind: activityKind(level, topic) });
    this.activity.length = Math.min(this.activity.length, ACTIVITY_LIMIT);
    this.publish();
  }

  private publish(): void {
    this.deps.bus.publish({ name: 'snapshot', payload: this.current() });
  }
}
