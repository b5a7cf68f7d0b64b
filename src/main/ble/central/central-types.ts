/** Options, state and status snapshot of the BLE central service. */
import type { BackoffPolicy } from '../../core/backoff.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { QuietConnectRule } from './connect-deadline.js';
import type { GattDeadlines } from './gatt-ops.js';
import type { NobleFactory } from './noble-port.js';
import type { PeerChange, PeerRecord } from './peer-table.js';

export interface BleCentralOptions {
  /** Builds noble; default requires the real module lazily (throws where there is no Bluetooth). */
  nobleFactory?: NobleFactory;
  clock?: Clock;
  logger?: Logger;
  /** Randomness for backoff jitter, [0, 1). */
  random?: () => number;
  /** Request / batch ids when the caller gives none. */
  newId?: () => string;
  /** Concurrent GATT connections (default 3). */
  maxConnections?: number;
  /** Peer eviction after this long unseen (default 60 s). */
  evictAfterMs?: number;
  /** Re-read capabilities of a disconnected peer seen advertising after this long (default 30 s). */
  refreshAfterMs?: number;
  /** RSSI poll period for connected peers (default 5 s). */
  rssiIntervalMs?: number;
  /** This node's agentId: its own peripheral is recognised, released at once and never re-identified. */
  selfAgentId?: string | null;
  /** This node's mesh token hash; peers with another one are flagged and never routed to. */
  meshTokenHash?: string | null;
  backoff?: BackoffPolicy;
  /** A peer whose reconnect attempts ran out is tried afresh when heard advertising this long after (default 60 s). */
  retryGivenUpAfterMs?: number;
  gattDeadlines?: Partial<GattDeadlines>;
  /** Connect deadline of a peer judged gone (not heard while scanning): connect-deadline.ts. */
  quietConnect?: Partial<Omit<QuietConnectRule, 'fullMs'>>;
  /** Cap of one reassembled message (default 256 KiB). */
  maxMessageBytes?: number;
  /** Inactivity timeout of a partly received message (default 10 s). */
  reassemblyTimeoutMs?: number;
  /** Default deadline of sendTask / sendLocalTask / sendLedgerBatch (default 60 s). */
  defaultTimeoutMs?: number;
}

export type CentralState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'adapter-off'; adapterState: string }
  | { kind: 'ready' };

export interface DroppedInput {
  code: string;
  peerId: string | null;
  message: string;
  at: number;
}

export interface CentralStatus {
  state: CentralState;
  /** What the mode service asked for. */
  scanRequested: boolean;
  /** Whether noble is scanning right now. */
  scanning: boolean;
  connections: number;
  maxConnections: number;
  peers: PeerRecord[];
  /** Bad peer input dropped, by reason code (bad-json, invalid-message, contradicting-chunk, timeout…). */
  dropped: Record<string, number>;
  /** The last few drops with their reasons, newest last. */
  recentDrops: DroppedInput[];
  reconnectsScheduled: number;
}

export interface SendOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type PeerChangeListener = (change: PeerChange) => void;
