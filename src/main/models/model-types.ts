/** Shapes the model manager exposes to the dashboard's Model panel and to the BLE capabilities. */
import type { ModelSizeClass } from '../../shared/credits-multiplier.js';

export interface ModelEntry {
  /** File name inside the models folder; the id used by select() and delete(). */
  fileName: string;
  path: string;
  /** general.name, or the file name without .gguf. */
  name: string;
  architecture: string;
  parameterCount: number;
  paramSize: number;
  sizeClass: ModelSizeClass;
  creditMultiplier: number;
  contextLength: number;
  fileSizeBytes: number;
  /** Estimated memory when loaded with a 2048-token context on this machine. */
  memoryEstimateMB: number;
  active: boolean;
  /** Why loading it failed last time (set by the engine through markFailed), or null. */
  failedReason: string | null;
}

/** `interrupted`: a partial file left by an earlier run (uri unknown); downloading the same file resumes it. */
export type DownloadState = 'resolving' | 'downloading' | 'verifying' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface DownloadProgress {
  id: string;
  uri: string;
  fileName: string | null;
  state: DownloadState;
  totalBytes: number;
  downloadedBytes: number;
  speedBps: number;
  etaSeconds: number | null;
  error: string | null;
}

export interface ModelsSnapshot {
  modelsDir: string;
  active: ModelEntry | null;
  models: ModelEntry[];
  downloads: DownloadProgress[];
}

/** What this machine advertises over BLE about its model (capabilities characteristic). */
export interface ModelCapabilities {
  model: string | null;
  modelParamSize: number;
  memoryMB: number;
}

export interface DownloadRequest {
  /** http(s) URL, or a Hugging Face URI `hf:<user>/<repo>:<quant>` / `hf:<user>/<repo>/<file>`. */
  uri: string;
  /** Expected sha256 (hex). Strongly advised: the downloader itself only checks the size. */
  sha256?: string;
  /** Name to save as (must end in .gguf); defaults to the URL's file name. */
  fileName?: string;
  /** Give up when no byte arrived for this long; default 60 s. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Delete any partial file first instead of resuming it (use after a resumed download stalled). */
  restart?: boolean;
  onProgress?: (p: DownloadProgress) => void;
}
