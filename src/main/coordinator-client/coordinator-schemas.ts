/**
 * Request and reply shapes of the EdgeCoder coordinator endpoints a worker uses
 * (notes/edgecoder-facts.md). Replies are validated; unknown reply fields are stripped, so callers only
 * ever see typed, checked values.
 */
import { z } from 'zod';
import type { BackendInfo } from '../../shared/models-status.js';
import type { RegistrationProof } from './registration-proof.js';

export const policySchema = z.object({
  cpuCapPercent: z.number().optional(),
  memoryLimitMb: z.number().optional(),
  idleOnly: z.boolean().optional(),
  maxConcurrentTasks: z.number().optional(),
  allowedHours: z.unknown().optional(),
});

export type CoordinatorPolicy = z.infer<typeof policySchema>;

export const powerTelemetrySchema = z.object({
  onACPower: z.boolean(),
  batteryPct: z.number().min(0).max(100).nullable().optional(),
  thermalState: z.enum(['nominal', 'fair', 'serious', 'critical']),
  cpuUsagePct: z.number(),
  memoryUsagePct: z.number(),
  deviceType: z.enum(['phone', 'laptop', 'workstation']),
});
export type PowerTelemetry = z.infer<typeof powerTelemetrySchema>;

export interface RegisterRequest {
  agentId: string;
  os: string;
  version: string;
  mode: 'swarm-only' | 'ide-enabled';
  localModelProvider: string;
  clientType: string;
  maxConcurrentTasks: number;
  powerTelemetry?: PowerTelemetry;
  publicKeyPem?: string;
  /** Signature over agentId and issuedAt with the agent key (registration-proof.ts). */
  proof?: RegistrationProof;
}
export const registerReplySchema = z.object({
  accepted: z.boolean(),
  policy: policySchema.optional(),
  mode: z.string().optional(),
  meshToken: z.string().min(1).optional(),
  /** This agent's credential (our reference coordinator): sent as x-agent-token on every later call. */
  agentToken: z.string().min(1).max(1024).optional(),
});
export type RegisterReply = z.infer<typeof registerReplySchema>;

export interface HeartbeatRequest {
  agentId: string;
  powerTelemetry: PowerTelemetry;
  activeModel: string | null;
  activeModelParamSize: number | null;
  modelSwapInProgress: boolean;
  /** Where the active model runs: backend, GPU, its memory, layers offloaded (our addition; coordinators ignore unknown fields). */
  inference?: HeartbeatInference;
}

export interface HeartbeatInference {
  backend: BackendInfo['backend'];
  gpuName: string | null;
  vramTotalMB: number;
  vramFreeMB: number;
  gpuLayers: number;
  totalLayers: number;
}

export function heartbeatInference(b: BackendInfo): HeartbeatInference {
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  return { backend: b.backend, gpuName: b.gpuName, vramTotalMB: mb(b.vramTotalBytes), vramFreeMB: mb(b.vramFreeBytes), gpuLayers: b.gpuLayers, totalLayers: b.totalLayers };
}
export const heartbeatReplySchema = z.object({ ok: z.boolean(), policy: policySchema.optional() });
export type HeartbeatReply = z.infer<typeof heartbeatReplySchema>;

export const subtaskSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  kind: z.string(),
  language: z.string().optional(),
  input: z.string(),
  timeoutMs: z.number().int().positive(),
  requestedModel: z.string().optional(),
});
export type Subtask = z.infer<typeof subtaskSchema>;
export const pullReplySchema = z.object({
  subtask: subtaskSchema.nullable(),
  powerDeferred: z.boolean().optional(),
  reason: z.string().optional(),
});
export type PullReply = z.infer<typeof pullReplySchema>;

export interface ResultRequest extends ResultExtras {
  subtaskId: string;
  taskId: string;
  agentId: string;
  ok: boolean;
  output: string;
  error?: string;
  durationMs: number;
}

/** Additional /result fields: how the subtask was answered; a coordinator that does not know them ignores them. */
export interface ResultExtras {
  /** 'coding_task': the code was run in the sandbox and ok/output/error are the run's; 'completion': the model's text. */
  answeredAs?: 'coding_task' | 'completion';
  language?: string;
  code?: string;
  exitCode?: number | null;
  iterations?: number;
  /** Measured CPU seconds: the model's and the sandbox's. */
  cpuSeconds?: number;
  /** Why a coding task gave up (outside_subset, timeout, model_limit, max_iterations, sandbox_error). */
  reason?: string;
  /** Why a subtask was answered as a completion. */
  note?: string;
}
export const resultReplySchema = z.object({ ok: z.boolean(), alreadyAccepted: z.boolean().optional() }).loose();

export interface ReleaseRequest {
  agentId: string;
  subtaskId: string;
  reason?: string;
}
export const releaseReplySchema = z.object({ ok: z.boolean() }).loose();

/**
 * The ledger's signed transactions in their wire form: ledger/tx-types.ts owns that shape; the client
 * reads only each one's txId (to check the reply names only ids it sent).
 */
export interface BleSyncRequest {
  transactions: ReadonlyArray<{ readonly txId: string }>;
}
export const bleSyncReplySchema = z.object({
  applied: z.array(z.string()),
  skipped: z.array(z.string()),
  total: z.number().int().nonnegative(),
  /** Our reference coordinator says why each id was skipped ("duplicate" = already settled, identical). */
  reasons: z.record(z.string(), z.string()).optional(),
});
export type BleSyncReply = z.infer<typeof bleSyncReplySchema>;

/** POST /credits/settled: the settled transactions naming `agentId`, after the settled chain's `afterSeq`. */
export interface SettledRequest {
  agentId: string;
  afterSeq: number;
  limit?: number;
}
export const settledReplySchema = z.object({
  items: z.array(z.object({ seq: z.number().int().nonnegative(), transaction: z.unknown() })).max(1000),
  lastSeq: z.number().int().nonnegative(),
});
export type SettledReply = z.infer<typeof settledReplySchema>;

export const errorReplySchema = z.object({ error: z.string(), reason: z.string().optional() }).loose();
