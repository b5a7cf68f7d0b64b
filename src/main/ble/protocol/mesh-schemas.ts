/**
 * Mesh profile messages (seed 000). Unknown fields are stripped, missing optional fields get defaults,
 * out-of-range values are rejected (a swapping peer advertising load −1 must not look cheaper).
 */
import { z } from 'zod';

/** Request/response/batch ids: printable, bounded. */
export const messageIdSchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces');

export const deviceTypeSchema = z.enum(['phone', 'laptop', 'workstation']);
export type DeviceType = z.infer<typeof deviceTypeSchema>;

/** Characteristic 0002 (read). */
export const identitySchema = z.object({
  agentId: z.string().min(1).max(128),
  /** Hex digest of the mesh token; peers with another hash are in another mesh. */
  meshTokenHash: z.string().regex(/^[0-9a-fA-F]{16,128}$/, 'hex digest').transform((s) => s.toLowerCase()),
  /** Ed25519 public key as the ledger encodes it (base64 / hex / PEM); verified by the ledger module. */
  publicKey: z.string().min(1).max(1024),
});
export type PeerIdentity = z.output<typeof identitySchema>;

/** Characteristic 0003 (read, notify on change). */
export const capabilitiesSchema = z.object({
  model: z.string().min(1).max(200),
  /** Billions of parameters. */
  modelParamSize: z.number().finite().min(0).max(10_000),
  memoryMB: z.number().int().min(0).max(16 * 1024 * 1024).default(0),
  batteryPct: z.number().finite().min(0).max(100).default(100),
  /** Tasks currently running (or a 0..n load figure); never negative. */
  currentLoad: z.number().finite().min(0).max(64).default(0),
  deviceType: deviceTypeSchema,
  /** Where the model runs (optional: older peers do not send it). */
  accel: z.object({
    backend: z.enum(['cpu', 'metal', 'cuda', 'vulkan']).catch('cpu'),
    gpuLayers: z.number().int().min(0).max(10_000),
    totalLayers: z.number().int().min(0).max(10_000),
    vramMB: z.number().int().min(0).max(16 * 1024 * 1024),
    gpu: z.string().max(40).optional(),
  }).optional().catch(undefined),
});
export type PeerCapabilities = z.output<typeof capabilitiesSchema>;

/** A coding task's extra fields (seed 000: task, language, failedCode?, errorHistory?). */
export const meshCodingRequestSchema = z.object({
  /** python or javascript; another language is refused by the provider with its reason. */
  language: z.string().min(1).max(64),
  kind: z.enum(['micro_loop', 'single_step']).default('micro_loop'),
  /** Code that already failed on the requester's side: the provider starts by fixing it. */
  failedCode: z.string().max(256 * 1024).optional(),
  /** Its errors, oldest first. */
  errorHistory: z.array(z.string().max(8_000)).max(10).optional(),
});
export type MeshCodingRequest = z.output<typeof meshCodingRequestSchema>;
export type MeshCodingRequestInput = z.input<typeof meshCodingRequestSchema>;

/** Characteristic 0004 (write, framed): central → peripheral. */
export const meshTaskRequestSchema = z.object({
  id: messageIdSchema,
  prompt: z.string().max(200_000),
  language: z.string().max(64).optional(),
  maxTokens: z.number().int().min(1).max(32_768).default(512),
  /** The requester's signed intent; opaque here, owned by the ledger module. */
  intent: z.record(z.string(), z.unknown()).optional(),
  /** Who signed the intent: the provider cannot read a central's identity characteristic. */
  requester: z.object({ agentId: z.string().min(1).max(128), publicKey: z.string().min(1).max(1024) }).optional(),
  /** Asks for a coding task: the provider writes code for `prompt`, runs it in its sandbox, fixes it, and answers with the run. Absent: a plain completion. */
  coding: meshCodingRequestSchema.optional(),
});
export type MeshTaskRequest = z.output<typeof meshTaskRequestSchema>;
export type MeshTaskRequestInput = z.input<typeof meshTaskRequestSchema>;

/** Characteristic 0005 (notify, framed): peripheral → central; `id` must match the request. */
export const meshTaskResponseSchema = z.object({
  id: messageIdSchema,
  ok: z.boolean(),
  output: z.string().max(1_000_000).default(''),
  error: z.string().max(2_000).optional(),
  cpuSeconds: z.number().finite().min(0).max(86_400).default(0),
  durationMs: z.number().finite().min(0).max(86_400_000).default(0),
  /** The provider's counter-signed receipt; opaque here, owned by the ledger module. */
  receipt: z.record(z.string(), z.unknown()).optional(),
  // A coding task's run (output is its stdout): the code the provider wrote and ran, and how the last run ended.
  generatedCode: z.string().max(256 * 1024).optional(),
  exitCode: z.number().int().nullable().optional(),
  iterations: z.number().int().min(0).max(100).optional(),
  /** Why the provider's coding loop gave up (outside_subset, timeout, model_limit, max_iterations). */
  reason: z.string().max(64).optional(),
  /** The last run's stderr, or the reason in words. */
  runError: z.string().max(8_000).optional(),
});
export type MeshTaskResponse = z.output<typeof meshTaskResponseSchema>;
export type MeshTaskResponseInput = z.input<typeof meshTaskResponseSchema>;

/** A ledger transaction as the BLE layer sees it: an object with a txId; all else belongs to the ledger. */
export const ledgerRecordSchema = z.looseObject({ txId: z.string().min(1).max(128) });
export type LedgerRecord = z.output<typeof ledgerRecordSchema>;

/** Characteristic 0006 (write, framed): a batch of transactions. */
export const ledgerBatchSchema = z.object({
  batchId: messageIdSchema,
  transactions: z.array(ledgerRecordSchema).max(1_000),
});
export type LedgerBatch = z.output<typeof ledgerBatchSchema>;

/** Characteristic 0006 (notify, framed): which txIds the receiver stored durably. */
export const ledgerAckSchema = z.object({
  batchId: messageIdSchema,
  accepted: z.array(z.string().min(1).max(128)).max(1_000),
  rejected: z
    .array(z.object({ txId: z.string().min(1).max(128), reason: z.string().max(500) }))
    .max(1_000)
    .default([]),
});
export type LedgerAck = z.output<typeof ledgerAckSchema>;
