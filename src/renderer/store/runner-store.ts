import { isEventName } from '../../shared/channels.js';
import type { Snapshot } from '../../shared/snapshot.js';
import { applySliceEvent, isSliceEventName, sliceEventSchemas, type ActivityAppend, type SliceEventName, type SliceEventPayload } from '../../shared/slice-events.js';
import type { ConnectionState } from '../bridge/ws-bridge-client.js';

/** What the panels read: the snapshot as the events have left it, the connection, and a load error. */
export interface RunnerView {
  snapshot: Snapshot | null;
  connection: ConnectionState;
  error: string | null;
}

export interface RunnerStoreStats {
  applied: number;
  /** Applied events by name (the ui benchmark waits on peers changes). */
  appliedByName: Record<string, number>;
  /** Events whose payload failed the contract's schema (or named no contract event): dropped, never applied. */
  dropped: number;
  lastDropped: string | null;
  /** How many times the panels were told to read again (each a batch of events). */
  flushes: number;
}

/** Runs `fn` once, later; returns nothing (the store never cancels a flush). */
export type FlushScheduler = (fn: () => void) => void;

/**
 * The renderer's one source of truth: loaded whole by getSnapshot, then fed slice events, each
 * checked against the contract's zod schema on arrival (a bad payload is counted and dropped, the page
 * keeps its last good value). Changes are gathered and published in batches (see frame-scheduler.ts),
 * so 200 devices changing RSSI every second cost at most a few renders a second.
 *
 * While a snapshot is on its way (requested at open and after every reconnect), events are held and
 * applied after it arrives, not to the old one it replaces: they may be newer than what it holds.
 * Activity lines the snapshot already has are not added twice.
 */
export class RunnerStore {
  private working: RunnerView = { snapshot: null, connection: 'connecting', error: null };
  private published: RunnerView = this.working;
  private readonly listeners = new Set<() => void>();
  private flushPending = false;
  /** Checked events received while a snapshot is on its way; null when none is. */
  private held: Array<{ name: SliceEventName; payload: SliceEventPayload<SliceEventName> }> | null = null;
  readonly stats: RunnerStoreStats = { applied: 0, appliedByName: {}, dropped: 0, lastDropped: null, flushes: 0 };

  constructor(private readonly scheduleFlush: FlushScheduler) {}

  /** The view as last published (stable between flushes, as useSyncExternalStore requires). */
  readonly getView = (): RunnerView => this.published;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A getSnapshot call was sent: events from now on wait for its answer. */
  snapshotRequested(): void {
    this.held ??= [];
  }

  /** The whole value from getSnapshot (first load, and after every reconnect), then the events held meanwhile. */
  loadSnapshot(snapshot: Snapshot): void {
    const held = this.held ?? [];
    this.held = null;
    let next = snapshot;
    for (const e of held) next = applySliceEvent(next, e.name, e.name === 'activity' ? notIn(next, e.payload as ActivityAppend) : e.payload);
    this.change({ snapshot: next, error: null });
  }

  setConnection(connection: ConnectionState): void {
    if (connection !== this.working.connection) this.change({ connection });
  }

  /** The snapshot could not be loaded: the events held meanwhile go to the one the page has. */
  setError(error: string): void {
    const held = this.held ?? [];
    this.held = null;
    let { snapshot } = this.working;
    if (snapshot) for (const e of held) snapshot = applySliceEvent(snapshot, e.name, e.payload);
    this.change({ error, snapshot });
  }

  /** One event from the core: applied if it is a slice event whose payload parses; otherwise dropped and counted. */
  receive(name: string, payload: unknown): boolean {
    if (!isSliceEventName(name)) return isEventName(name) ? false : this.drop(`unknown event ${name.slice(0, 40)}`);
    const parsed = sliceEventSchemas[name].safeParse(payload);
    if (!parsed.success) return this.drop(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid payload'}`);
    const checked = parsed.data as SliceEventPayload<SliceEventName>;
    const { snapshot } = this.working;
    // Before the first snapshot is asked for there is nothing to apply to; the snapshot that follows is newer.
    if (!snapshot && !this.held) return false;
    this.stats.applied++;
    this.stats.appliedByName[name] = (this.stats.appliedByName[name] ?? 0) + 1;
    if (this.held || !snapshot) {
      this.held?.push({ name, payload: checked });
      return true;
    }
    this.change({ snapshot: applySliceEvent(snapshot, name, checked) });
    return true;
  }

  private drop(reason: string): false {
    this.stats.dropped++;
    this.stats.lastDropped = reason;
    return false;
  }

  private change(patch: Partial<RunnerView>): void {
    this.working = { ...this.working, ...patch };
    if (this.flushPending) return;
    this.flushPending = true;
    this.scheduleFlush(() => this.flush());
  }

  private flush(): void {
    this.flushPending = false;
    if (this.published === this.working) return;
    this.published = this.working;
    this.stats.flushes++;
    for (const listener of [...this.listeners]) listener();
  }
}

/** The activity lines of `append` that the snapshot does not hold yet (a held event it already includes). */
function notIn(snapshot: Snapshot, append: ActivityAppend): ActivityAppend {
  const have = new Set(snapshot.activity.map((a) => JSON.stringify(a)));
  return { entries: append.entries.filter((e) => !have.has(JSON.stringify(e))) };
}
