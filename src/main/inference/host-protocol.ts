/**
 * The one message protocol between the app and the inference host process, whatever carries it
 * (Node child_process IPC or Electron utilityProcess). Both sides validate what they receive.
 */
import { z } from 'zod';
import { backendInfoSchema, gpuSettingSchema } from '../../shared/models-status.js';
import { ModelShapeSchema, ResolvedFitSchema } from '../../shared/model-catalogue.js';
import type { BackendInfo, GpuSetting } from '../../shared/models-status.js';

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().max(1_000_000),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const taskInputSchema = z.union([
  z.object({ prompt: z.string().max(1_000_000) }).strict(),
  z.object({ messages: z.array(chatMessageSchema).min(1).max(1000) }).strict(),
]);
export type TaskInput = z.infer<typeof taskInputSchema>;

const id = z.string().min(1).max(100);

export const MAX_TOKENS_LIMIT = 1 << 20;

export { backendInfoSchema, gpuSettingSchema };
export type { BackendInfo, GpuSetting };

export const hostModelInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  architecture: z.string(),
  parameterCount: z.number().nonnegative(),
  paramSize: z.number().nonnegative(),
  contextLength: z.number().int().nonnegative(),
  contextSize: z.number().int().nonnegative(),
  fileSizeBytes: z.number().int().nonnegative(),
  threads: z.number().int().positive(),
  loadMs: z.number().nonnegative(),
  backend: backendInfoSchema,
});
export type HostModelInfo = z.infer<typeof hostModelInfoSchema>;

export const fitTargetSchema = z.object({
  key: z.string().min(1).max(200),
  path: z.string().min(1).max(4096).optional(),
  shape: ModelShapeSchema.optional(),
  name: z.string().max(200),
  contextLength: z.number().int().positive(),
});

export const parentToHostSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('load'),
    id,
    path: z.string().min(1).max(4096),
    threads: z.number().int().min(1).max(1024),
    /** The user chose the thread count; otherwise a model wholly on the GPU takes node-llama-cpp's default. */
    threadsExplicit: z.boolean().default(false),
    gpu: gpuSettingSchema.default('auto'),
    contextSize: z.number().int().min(16).max(1 << 20),
    sequences: z.number().int().min(1).max(64),
  }),
  z.object({
    type: z.literal('run'),
    id,
    input: taskInputSchema,
    maxTokens: z.number().int().min(1).max(MAX_TOKENS_LIMIT),
    timeoutMs: z.number().int().min(1).max(86_400_000),
    language: z.string().max(64).optional(),
  }),
  z.object({ type: z.literal('cancel'), id }),
  /** How models fit this computer (node-llama-cpp's estimate): files on disk or catalogue shapes. */
  z.object({ type: z.literal('fit'), id, targets: z.array(fitTargetSchema).max(64) }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ParentToHost = z.infer<typeof parentToHostSchema>;

export const failureCodeSchema = z.enum(['timeout', 'no-model', 'load-failed', 'bad-request', 'context-too-long', 'error']);
export type FailureCode = z.infer<typeof failureCodeSchema>;

export const hostToParentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('loaded'), id, info: hostModelInfoSchema }),
  z.object({ type: z.literal('started'), id }),
  z.object({
    type: z.literal('fitted'), id,
    results: z.array(z.object({ key: z.string(), fit: ResolvedFitSchema.nullable(), error: z.string().nullable() })),
    /** This computer as llama.cpp sees it, in words ("no GPU found: CPU, 2 threads", "Metal: Apple M3, 18.0 GB"). */
    hardware: z.string(),
  }),
  z.object({ type: z.literal('token'), id, text: z.string() }),
  z.object({
    type: z.literal('done'),
    id,
    output: z.string(),
    tokens: z.number().int().nonnegative(),
    /** Tokens of the prompt as llama.cpp saw it (chat template applied). */
    promptTokens: z.number().int().nonnegative(),
    cpuSeconds: z.number().nonnegative(),
    durationMs: z.number().nonnegative(),
    firstTokenMs: z.number().nonnegative().nullable(),
    aborted: z.boolean(),
  }),
  z.object({ type: z.literal('failed'), id: id.nullable(), code: failureCodeSchema, message: z.string(), partial: z.string().optional(),
    /** context-too-long: what did not fit. */
    promptTokens: z.number().int().nonnegative().optional(), contextSize: z.number().int().nonnegative().optional() }),
]);
export type HostToParent = z.infer<typeof hostToParentSchema>;
export type FitTarget = z.infer<typeof fitTargetSchema>;
