import { z } from 'zod';
import { backendInfoSchema } from './models-status.js';
import { ledgerSyncResultSchema } from './ledger-status.js';
import { ComputeModeSchema, ModeChangeCauseSchema } from './modes.js';
import { RouteStandingSchema, RoutedRequestSchema } from './routing.js';

/**
 * Everything the dashboard and the tray show, in one value. Services own their slice; the snapshot
 * service merges slices and publishes the whole value on the event bus. Slices later issues fill start
 * empty (an empty list, null) so the UI can say what will appear there and why it is empty now.
 */
/**
 * Why the worker takes no new work, as a stable code: the admission gate decides on these, the
 * dashboard picks its action by them; `message` is only the words shown next to it.
 */
export const PauseReasonCodeSchema = z.enum([
  'mode_off', 'draining', 'snoozed',
  'power_on_battery', 'power_battery_low', 'power_thermal', 'power_low_power_mode',
  'no_model', 'model_not-loaded', 'model_loading', 'model_failed',
  'coordinator_unreachable', 'bluetooth_unavailable', 'wrong_mode', 'at_capacity', 'sandbox_off',
]);

export const PauseReasonSchema = z.object({
  code: PauseReasonCodeSchema,
  message: z.string(),
});

export const NetworkStateSchema = z.object({
  state: z.enum(['unknown', 'online', 'offline']),
  detail: z.string(),
  checkedAt: z.number().nullable(),
});

/** One coordinator heartbeat as the network monitor saw it: answered (with its round trip) or failed (why). */
export const HeartbeatResultSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  ms: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
});

/** How many heartbeat results the network slice keeps (the header's timeline). */
export const HEARTBEAT_HISTORY_LIMIT = 20;

/** The snapshot's network slice: the state, and the last heartbeats oldest first (default for older values). */
export const NetworkSliceSchema = NetworkStateSchema.extend({
  heartbeats: z.array(HeartbeatResultSchema).max(HEARTBEAT_HISTORY_LIMIT).default([]),
});

export const BluetoothStateSchema = z.object({
  state: z.enum(['not-started', 'unavailable', 'powered-off', 'idle', 'scanning', 'advertising', 'scanning+advertising']),
  detail: z.string(),
  droppedFrames: z.number().int().nonnegative(),
});

export const PeerSchema = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.enum(['mesh', 'bluetooth-local']),
  deviceType: z.enum(['phone', 'laptop', 'workstation']),
  model: z.string(),
  paramSize: z.number().nonnegative(),
  batteryPct: z.number().min(0).max(100).nullable(),
  /** Tasks running on the peer (seed 000's currentLoad; a fraction on some devices). */
  currentLoad: z.number().min(0).max(64),
  rssi: z.number().nullable(),
  lastSeenAt: z.number(),
  sameMesh: z.boolean(),
  /** Mesh peers: the agent id once identity is read (the Credits report's per-peer totals use it). */
  agentId: z.string().nullable().default(null),
  /** What routing a request to it would cost now, term by term, or why it is never used. */
  route: RouteStandingSchema,
});

/** This computer as a routing candidate, shown first among the nearby devices. */
export const SelfCandidateSchema = z.object({
  name: z.string(),
  /** The model loaded and ready; null when none is. */
  model: z.string().nullable(),
  paramSize: z.number().nonnegative(),
  /** The engine's running + queued requests. */
  currentLoad: z.number().nonnegative(),
  route: RouteStandingSchema,
});

export const RoutingSchema = z.object({
  self: SelfCandidateSchema,
  /** Requests this computer routed, newest first (filled by the request router). */
  recent: z.array(RoutedRequestSchema),
  /** Requests served (answered) on `day` (local date, YYYY-MM-DD), by where they came from. */
  servedToday: z.object({
    day: z.string(),
    localApi: z.number().int().nonnegative(),
    dashboard: z.number().int().nonnegative(),
  }).default({ day: '', localApi: 0, dashboard: 0 }),
});

export const CreditsSummarySchema = z.object({
  earned: z.number(),
  spent: z.number(),
  pending: z.number(),
  synced: z.number(),
  lastSync: ledgerSyncResultSchema.nullable(),
});

export const ModelSummarySchema = z.object({
  name: z.string(),
  paramSize: z.number().nonnegative(),
  state: z.enum(['not-loaded', 'loading', 'ready', 'failed']),
  detail: z.string(),
  /** Where the loaded model runs (backend, GPU, memory, layers offloaded); null or absent until it is loaded. */
  backend: backendInfoSchema.nullable().optional(),
});

/**
 * Whether this computer takes work from others now, as the admission gate answers it. `reasons` say why
 * not (first is the main one); the other fields default for values written before they existed.
 */
export const WorkerStatusSchema = z.object({
  state: z.enum(['off', 'running', 'paused', 'snoozed', 'draining']),
  reasons: z.array(PauseReasonSchema),
  /** Snooze end (ms since epoch) while snoozed, for the countdown. */
  snoozedUntil: z.number().nullable().default(null),
  /** Contributed tasks running now (swarm and nearby devices). */
  running: z.number().int().nonnegative().default(0),
  /** How many may run at once: the setting, lowered by the coordinator's policy when it sets one. */
  capacity: z.number().int().positive().default(1),
});

/** What an Activity line is about (the panel's filters); warnings and errors are 'problems'. */
export const ActivityKindSchema = z.enum(['mode', 'network', 'tasks', 'credits', 'problems', 'models', 'other']);
export const activityKinds = ActivityKindSchema.options;

export const ActivityEntrySchema = z.object({
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  kind: ActivityKindSchema.default('other'),
});

export const SnapshotSchema = z.object({
  mode: ComputeModeSchema,
  modeChange: z.object({ at: z.number(), cause: ModeChangeCauseSchema }),
  worker: WorkerStatusSchema,
  network: NetworkSliceSchema,
  bluetooth: BluetoothStateSchema,
  peers: z.array(PeerSchema),
  credits: CreditsSummarySchema.nullable(),
  model: ModelSummarySchema.nullable(),
  activity: z.array(ActivityEntrySchema),
  routing: RoutingSchema,
});

export type PauseReasonCode = z.infer<typeof PauseReasonCodeSchema>;
export type PauseReason = z.infer<typeof PauseReasonSchema>;
export type WorkerStatus = z.infer<typeof WorkerStatusSchema>;
export type NetworkState = z.infer<typeof NetworkStateSchema>;
export type HeartbeatResult = z.infer<typeof HeartbeatResultSchema>;
export type NetworkSlice = z.infer<typeof NetworkSliceSchema>;
export type ActivityKind = z.infer<typeof ActivityKindSchema>;
export type BluetoothState = z.infer<typeof BluetoothStateSchema>;
export type Peer = z.infer<typeof PeerSchema>;
export type CreditsSummary = z.infer<typeof CreditsSummarySchema>;
export type ModelSummary = z.infer<typeof ModelSummarySchema>;
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;
export type SelfCandidate = z.infer<typeof SelfCandidateSchema>;
export type Routing = z.infer<typeof RoutingSchema>;
export type Snapshot = z.infer<typeof SnapshotSchema>;
