/**
 * The Model panel's data as it crosses the contract: the active model (with its load state), the
 * models on disk, downloads in progress and the inference engine's figures. Mirrors the core's
 * ModelPanelSnapshot without absolute paths (the dashboard names models by file name).
 */
import { z } from 'zod';

export const MODEL_FILE_NAME_MAX = 200;
export const MODEL_PATH_MAX = 4096;
export const DOWNLOAD_URI_MAX = 2048;

/** A file name inside the models folder, the id select/delete use (the manager re-checks it). */
export const ModelFileNameSchema = z.string().min(1).max(MODEL_FILE_NAME_MAX).regex(/^[\w.+-]+\.gguf$/i, 'must be letters, digits, ._+- and end in .gguf');

export const gpuSettingSchema = z.enum(['auto', 'off']);
export type GpuSetting = z.infer<typeof gpuSettingSchema>;

/** Where the loaded model runs: the backend, the GPU and its memory, the layers offloaded. */
export const backendInfoSchema = z.object({
  backend: z.enum(['cpu', 'metal', 'cuda', 'vulkan']),
  gpuName: z.string().max(200).nullable(),
  vramTotalBytes: z.number().nonnegative(),
  vramFreeBytes: z.number().nonnegative(),
  gpuLayers: z.number().int().nonnegative(),
  totalLayers: z.number().int().nonnegative(),
  threads: z.number().int().nonnegative(),
  /** In words: "Metal: 33 of 33 layers on the GPU", "CPU, 2 threads (no GPU found)". */
  summary: z.string().max(500),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

export const ModelSizeClassSchema = z.enum(['7B+', '3-7B', '1.5-3B', '<1.5B']);

export const ModelEntryStatusSchema = z.object({
  fileName: z.string(),
  name: z.string(),
  architecture: z.string(),
  parameterCount: z.number().nonnegative(),
  paramSize: z.number().nonnegative(),
  sizeClass: ModelSizeClassSchema,
  creditMultiplier: z.number().positive(),
  contextLength: z.number().int().nonnegative(),
  fileSizeBytes: z.number().int().nonnegative(),
  memoryEstimateMB: z.number().nonnegative(),
  active: z.boolean(),
  failedReason: z.string().nullable(),
});

export const ActiveModelStatusSchema = ModelEntryStatusSchema.extend({
  state: z.enum(['none', 'loading', 'ready', 'failed']),
  reason: z.string().nullable(),
});

export const DownloadStatusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  fileName: z.string().nullable(),
  /** `interrupted`: a partial file an earlier run left (uri ''); downloading the same file resumes it, clearing discards it. */
  state: z.enum(['resolving', 'downloading', 'verifying', 'done', 'failed', 'cancelled', 'interrupted']),
  totalBytes: z.number().nonnegative(),
  downloadedBytes: z.number().nonnegative(),
  speedBps: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
});

export const EngineStatusSchema = z.object({
  currentLoad: z.number().min(0).max(1),
  busy: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  concurrency: z.number().int().positive(),
  threads: z.number().int().nonnegative(),
  hostRestarts: z.number().int().nonnegative(),
  lastCrash: z.string().nullable(),
  /** The GPU setting in force and where the loaded model runs (null before a model is loaded). */
  gpu: gpuSettingSchema.default('auto'),
  backend: backendInfoSchema.nullable().default(null),
});

export const ModelsStatusSchema = z.object({
  active: ActiveModelStatusSchema.nullable(),
  models: z.array(ModelEntryStatusSchema),
  downloads: z.array(DownloadStatusSchema),
  engine: EngineStatusSchema,
});

/** Operation arguments: bounded strings, no unknown fields. */
export const AddModelArgsSchema = z.object({ path: z.string().min(1).max(MODEL_PATH_MAX).refine((p) => !p.includes('\0'), 'must not contain NUL') }).strict();
export const SelectModelArgsSchema = z.object({ fileName: ModelFileNameSchema.nullable() }).strict();
export const DeleteModelArgsSchema = z.object({ fileName: ModelFileNameSchema }).strict();
export const DownloadModelArgsSchema = z
  .object({
    uri: z.string().min(1).max(DOWNLOAD_URI_MAX).regex(/^(https?:\/\/|hf:)\S+$/i, 'must be an http(s) URL or an hf: URI'),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits').optional(),
    fileName: ModelFileNameSchema.optional(),
  })
  .strict();
export const CancelDownloadArgsSchema = z.object({ id: z.string().min(1).max(64) }).strict();

export type ModelEntryStatus = z.infer<typeof ModelEntryStatusSchema>;
export type ActiveModelStatus = z.infer<typeof ActiveModelStatusSchema>;
export type DownloadStatus = z.infer<typeof DownloadStatusSchema>;
export type ModelsStatus = z.infer<typeof ModelsStatusSchema>;
