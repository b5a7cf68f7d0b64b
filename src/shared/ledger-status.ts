/**
 * The Credits panel snapshot (IPC contract material): balance, last sync, chart series, per-peer totals.
 * Credits are display numbers (exact to 1e-6); counts are transactions.
 */
import { z } from 'zod';

export const ledgerBalanceSchema = z.object({
  earned: z.number(),
  spent: z.number(),
  net: z.number(),
  /** Credits moved by transactions not yet acknowledged by the coordinator. */
  pending: z.number(),
  /** Credits moved by transactions the coordinator has settled. */
  synced: z.number(),
  pendingCount: z.number().int(),
  syncedCount: z.number().int(),
  rejectedCount: z.number().int(),
});

export const ledgerSyncResultSchema = z.object({
  at: z.number(),
  applied: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  /** Left pending on purpose (e.g. an agent not registered yet): retried on a later sync. */
  deferred: z.number().int().default(0),
  error: z.string().nullable(),
});

export const ledgerSeriesPointSchema = z.object({ t: z.number(), earned: z.number(), spent: z.number(), net: z.number() });
export const ledgerPeerTotalSchema = z.object({
  peerId: z.string(), earned: z.number(), spent: z.number(), count: z.number().int(), lastAt: z.number(),
  /** The name the device advertised over Bluetooth, when this computer has seen it (peerId is its agent id). */
  name: z.string().optional(),
});

/** Answers this computer gave a nearby device that it has not acknowledged (encoding v2: not settled until it does). */
export const ledgerUnacknowledgedSchema = z.object({
  peerId: z.string(), count: z.number().int(), credits: z.number(), lastAt: z.number(), name: z.string().optional(),
});
/** Charges this computer learned of only from the coordinator (requests it had given up on), per device. */
export const ledgerReadBackChargeSchema = z.object({
  peerId: z.string(), count: z.number().int(), credits: z.number(), lastAt: z.number(), name: z.string().optional(),
});

export const ledgerStatusSchema = z.object({
  agentId: z.string(),
  balance: ledgerBalanceSchema,
  sync: z.object({
    state: z.enum(['idle', 'syncing', 'waiting_retry', 'offline']),
    lastResult: ledgerSyncResultSchema.nullable(),
    nextRetryAt: z.number().nullable(),
  }),
  series: z.array(ledgerSeriesPointSchema),
  peers: z.array(ledgerPeerTotalSchema),
  unacknowledged: z.array(ledgerUnacknowledgedSchema).optional(),
  readBackCharges: z.array(ledgerReadBackChargeSchema).optional(),
});

export type LedgerBalance = z.infer<typeof ledgerBalanceSchema>;
export type LedgerSyncResult = z.infer<typeof ledgerSyncResultSchema>;
export type LedgerSeriesPoint = z.infer<typeof ledgerSeriesPointSchema>;
export type LedgerPeerTotal = z.infer<typeof ledgerPeerTotalSchema>;
export type LedgerStatus = z.infer<typeof ledgerStatusSchema>;
export type LedgerUnacknowledged = z.infer<typeof ledgerUnacknowledgedSchema>;
export type LedgerReadBackCharge = z.infer<typeof ledgerReadBackChargeSchema>;
