import type { ActivityEntry, ActivityKind, Snapshot, WorkerStatus } from '../../shared/snapshot.js';
import { ACTIVITY_LIMIT } from '../../shared/slice-events.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { EventBus } from '../events/event-bus.js';
import type { ModeService } from '../modes/mode-service.js';
import type { GateContext, GateNote } from '../worker/admission-gate.js';
import { activityKind } from './activity-kind.js';
import type { AppEvent } from '../events/app-events.js';
import { PeersDiff } from './peers-diff.js';

/**
 * The admission gate as the snapshot sees it: the worker value and its changes, the gate's Activity
 * lines, and where the snapshot pushes the slices the gate decides on. The gate knows nothing of the
 * snapshot: it is built first (from initialGateContext) and handed to the snapshot here.
 */
export interface WorkerStatusSource {
  status(): WorkerStatus;
  onChange(listener: () => void): () => void;
  onNote(listener: GateNote): () => void;
  contextChanged(context: GateContext): void;
}

/** Slices the worker status depends on: a change also goes through the gate, which republishes the worker. */
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

/** The part of the slices the admission gate decides on. */
export function gateContextOf(slices: SnapshotSlices): GateContext {
  return { model: slices.model, network: slices.network, bluetooth: slices.bluetooth };
}

/** The gate's context before any service has reported: the snapshot starts from the same slices. */
export const initialGateContext: GateContext = gateContextOf(initialSlices);

/** Peers changes are gathered for this long before one diff is published (200 devices, one event). */
export const PEERS_PUBLISH_MS = 100;

/**
 * Merges the slices of every service into one Snapshot (getSnapshot, the tray) and publishes each
 * slice on the event bus when it changes: peers as a diff at most every PEERS_PUBLISH_MS, activity as
 * the entries added, every other slice whole. It holds the only copy; readers get the latest value.
 */
export class SnapshotService {
  private slices: SnapshotSlices = initialSlices;
  private readonly activity: ActivityEntry[] = [];
  private readonly peersDiff = new PeersDiff();
  private peersTimer: TimerHandle | null = null;
  private readonly subscriptions: Array<() => void>;

  constructor(
    private readonly deps: { mode: ModeService; bus: EventBus<AppEvent>; clock: Clock; worker: WorkerStatusSource },
  ) {
    this.subscriptions = [
      deps.worker.onChange(() => deps.bus.publish({ name: 'worker', payload: deps.worker.status() })),
      deps.worker.onNote((level, message) => this.note(level, message, 'tasks')),
      deps.mode.onChange((state) => {
        deps.bus.publish({ name: 'mode', payload: { mode: state.mode, modeChange: { at: state.changedAt, cause: state.cause } } });
        this.note('info', `Mode changed to ${state.mode} (${state.cause}).`, 'mode');
      }),
    ];
  }

  /** Stops listening and drops a peers publish still pending (the core's stop). */
  dispose(): void {
    for (const off of this.subscriptions.splice(0)) off();
    if (this.peersTimer !== null) this.deps.clock.clearTimeout(this.peersTimer);
    this.peersTimer = null;
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

  /** Replaces a slice; an unchanged value (routing's self after every peer update) publishes nothing. */
  update<K extends keyof SnapshotSlices>(key: K, value: SnapshotSlices[K]): void {
    if (key !== 'peers' && JSON.stringify(value) === JSON.stringify(this.slices[key])) return;
    this.slices = { ...this.slices, [key]: value };
    if (key === 'peers') this.schedulePeers();
    else this.deps.bus.publish({ name: key, payload: value } as AppEvent);
    if (workerInputs.has(key)) this.deps.worker.contextChanged(gateContextOf(this.slices));
  }

  /** Adds a line to the Activity panel (bounded, newest first); `topic` is what it is about (see activityKind). */
  note(level: ActivityEntry['level'], message: string, topic: ActivityKind): void {
    const entry: ActivityEntry = { at: this.deps.clock.now(), level, message, kind: activityKind(level, topic) };
    this.activity.unshift(entry);
    this.activity.length = Math.min(this.activity.length, ACTIVITY_LIMIT);
    this.deps.bus.publish({ name: 'activity', payload: { entries: [entry] } });
  }

  private schedulePeers(): void {
    if (this.peersTimer !== null) return;
    this.peersTimer = this.deps.clock.setTimeout(() => {
      this.peersTimer = null;
      const change = this.peersDiff.next(this.slices.peers);
      if (change.upserted.length + change.removed.length > 0) this.deps.bus.publish({ name: 'peers', payload: change });
    }, PEERS_PUBLISH_MS);
  }
}
