/**
 * One model download through node-llama-cpp's downloader, with what it lacks: an idle timeout on a
 * stalled transfer, a cancel that rejects (its own resolves with a path that does not exist), and
 * resumable partial files (kept on cancel, picked up by the next download of the same file).
 */
import { existsSync } from 'node:fs';
import { createModelDownloader } from 'node-llama-cpp';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AbortedError, TimeoutError } from '../core/deadline.js';

export interface DownloadStatus {
  totalBytes: number;
  downloadedBytes: number;
  /** Average bytes per second. */
  speedBps: number;
  etaSeconds: number | null;
}

export interface DownloaderLike {
  readonly entrypointFilePath: string;
  readonly totalSize: number;
  download(opts?: { signal?: AbortSignal }): Promise<string>;
  cancel(opts?: { deleteTempFile?: boolean }): Promise<void>;
}

export type DownloaderFactory = (opts: {
  modelUri: string;
  dirPath: string;
  fileName?: string;
  onProgress: (s: { totalSize: number; downloadedSize: number; estimatedTimeLeft: number; averageSpeed: number }) => void;
}) => Promise<DownloaderLike>;

export const nodeLlamaDownloader: DownloaderFactory = (opts) =>
  createModelDownloader({ ...opts, deleteTempFileOnCancel: false, skipExisting: true, showCliProgress: false, parallelDownloads: 2 });

export interface FetchModelOptions {
  uri: string;
  dirPath: string;
  fileName?: string;
  idleTimeoutMs: number;
  signal?: AbortSignal;
  clock: Clock;
  onProgress?: (s: DownloadStatus) => void;
  factory?: DownloaderFactory;
}

/** Resolves with the path of the completely downloaded file; rejects with TimeoutError or AbortedError. */
export async function fetchModelFile(opts: FetchModelOptions): Promise<string> {
  const { clock } = opts;
  if (opts.signal?.aborted) throw new AbortedError(`download of ${opts.uri}`, opts.signal.reason);
  let timer: TimerHandle | null = null;
  let stop: ((err: Error) => void) | null = null;
  const arm = (): void => {
    if (timer) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => stop?.(new TimeoutError(`download of ${opts.uri} (no data received)`, opts.idleTimeoutMs)), opts.idleTimeoutMs);
  };
  arm(); // resolving the URI can stall too
  const cleanup = (): void => {
    if (timer) clock.clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  };
  const onAbort = (): void => stop?.(new AbortedError(`download of ${opts.uri}`, opts.signal?.reason));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let lastBytes = -1;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => undefined);
  try {
    const downloader = await Promise.race([
      (opts.factory ?? nodeLlamaDownloader)({
        modelUri: opts.uri,
        dirPath: opts.dirPath,
        ...(opts.fileName ? { fileName: opts.fileName } : {}),
        onProgress: (s) => {
          if (s.downloadedSize !== lastBytes) arm(); // only real progress counts
          lastBytes = s.downloadedSize;
          opts.onProgress?.({
            totalBytes: s.totalSize,
            downloadedBytes: s.downloadedSize,
            speedBps: Number.isFinite(s.averageSpeed) ? s.averageSpeed : 0,
            etaSeconds: Number.isFinite(s.estimatedTimeLeft) && s.averageSpeed > 0 ? s.estimatedTimeLeft / 1000 : null,
          });
        },
      }),
      stopped,
    ]);
    const cancelOnStop = stopped.catch(async (err: unknown) => {
      await downloader.cancel({ deleteTempFile: false }).catch(() => undefined);
      throw err;
    });
    const path = await Promise.race([downloader.download(), cancelOnStop]);
    if (!existsSync(path)) throw new AbortedError(`download of ${opts.uri}`, 'the downloader stopped before the file was complete');
    return path;
  } finally {
    cleanup();
  }
}
