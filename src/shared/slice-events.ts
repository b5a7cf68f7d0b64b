import { z } from 'zod';
import {
  ActivityEntrySchema, BluetoothStateSchema, CreditsSummarySchema, ModelSummarySchema, NetworkSliceSchema, PeerSchema, RoutingSchema, SnapshotSchema,
  WorkerStatusSchema, type ActivityEntry, type Peer, type Snapshot,
} from './snapshot.js';

/**
 * The dashboard's live data: one event per snapshot slice, so a change sends only what changed. A
 * dashboard loads the whole Snapshot once (getSnapshot, again after a reconnect), then applies these.
 */
export const ACTIVITY_LIMIT = 50;

/** Peers added or changed (whole records, newest wins per id) and ids gone since the last event. */
export const PeersChangeSchema = z.object({
  upserted: z.array(PeerSchema),
  removed: z.array(z.string()),
});

/** Entries logged since the last event, newest first (the dashboard keeps the newest ACTIVITY_LIMIT). */
export const ActivityAppendSchema = z.object({ entries: z.array(ActivityEntrySchema) });

export const ModeSliceSchema = SnapshotSchema.pick({ mode: true, modeChange: true });

export const sliceEventSchemas = {
  mode: ModeSliceSchema,
  worker: WorkerStatusSchema,
  network: NetworkSliceSchema,
  bluetooth: BluetoothStateSchema,
  peers: PeersChangeSchema,
  credits: CreditsSummarySchema.nullable(),
  model: ModelSummarySchema.nullable(),
  activity: ActivityAppendSchema,
  routing: RoutingSchema,
} as const;

export type SliceEventName = keyof typeof sliceEventSchemas;
export type SliceEventPayload<N extends SliceEventName> = z.output<(typeof sliceEventSchemas)[N]>;
export type PeersChange = z.infer<typeof PeersChangeSchema>;
export type ActivityAppend = z.infer<typeof ActivityAppendSchema>;

export const sliceEventNames = Object.keys(sliceEventSchemas) as SliceEventName[];

export function isSliceEventName(name: string): name is SliceEventName {
  return Object.hasOwn(sliceEventSchemas, name);
}

/** Two pending peers changes as one: later upserts replace earlier ones; a removal cancels an upsert and vice versa. */
export function mergePeersChanges(earlier: PeersChange, later: PeersChange): PeersChange {
  const upserted = new Map<string, Peer>(earlier.upserted.map((p) => [p.id, p]));
  const removed = new Set(earlier.removed);
  for (const id of later.removed) {
    upserted.delete(id);
    removed.add(id);
  }
  for (const p of later.upserted) {
    removed.delete(p.id);
    upserted.set(p.id, p);
  }
  return { upserted: [...upserted.values()], removed: [...removed] };
}

/** Two pending activity appends as one (newest first, bounded). */
export function mergeActivity(earlier: ActivityAppend, later: ActivityAppend): ActivityAppend {
  return { entries: [...later.entries, ...earlier.entries].slice(0, ACTIVITY_LIMIT) };
}

/** Applies a peers change to a list: changed records replace theirs in place, new ones are appended. */
export function applyPeersChange(peers: readonly Peer[], change: PeersChange): Peer[] {
  if (change.upserted.length === 0 && change.removed.length === 0) return peers as Peer[];
  const removed = new Set(change.removed);
  const fresh = new Map(change.upserted.map((p) => [p.id, p]));
  const out: Peer[] = [];
  for (const p of peers) {
    if (removed.has(p.id)) continue;
    const next = fresh.get(p.id);
    out.push(next ?? p);
    fresh.delete(p.id);
  }
  out.push(...fresh.values());
  return out;
}

export function prependActivity(activity: readonly ActivityEntry[], append: ActivityAppend): ActivityEntry[] {
  return [...append.entries, ...activity].slice(0, ACTIVITY_LIMIT);
}

/** The snapshot after one (already validated) slice event: a new object for the changed slice only. */
export function applySliceEvent<N extends SliceEventName>(s: Snapshot, name: N, payload: SliceEventPayload<N>): Snapshot {
  const p = payload as SliceEventPayload<SliceEventName>;
  switch (name) {
    case 'mode':
      return { ...s, ...(p as SliceEventPayload<'mode'>) };
    case 'peers':
      return { ...s, peers: applyPeersChange(s.peers, p as PeersChange) };
    case 'activity':
      return { ...s, activity: prependActivity(s.activity, p as ActivityAppend) };
    default:
      return { ...s, [name]: p };
  }
}
