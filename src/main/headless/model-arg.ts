import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelManager } from '../models/model-manager.js';
import type { ModelCatalogueService } from '../models/model-catalogue-service.js';
import type { DownloadProgress, ModelEntry } from '../models/model-types.js';

/** `--model` named a file that cannot be used: the headless entry prints the message and exits with 2. */
export class ModelArgumentError extends Error {
  override readonly name = 'ModelArgumentError';
}

/**
 * `--model PATH`: makes that .gguf the active model. A file already in the models folder is chosen as
 * is; a file of the same name and byte size added by an earlier run counts as the same model (so a
 * server restarted with the same flag does not copy gigabytes again); anything else goes through the
 * manager's addLocal (header checked before anything is copied). Bad input → ModelArgumentError.
 */
export async function useModelFile(models: Pick<ModelManager, 'modelsDir' | 'list' | 'addLocal' | 'select'>, filePath: string): Promise<ModelEntry> {
  const source = path.resolve(filePath);
  const info = await stat(source).catch(() => null);
  if (!info) throw new ModelArgumentError(`--model: no such file: ${source}`);
  if (!info.isFile()) throw new ModelArgumentError(`--model: not a file: ${source}`);
  const fileName = path.basename(source);
  const existing = models.list().find((e) => e.fileName === fileName);
  const inFolder = path.resolve(models.modelsDir, fileName) === source;
  if (inFolder && !existing) throw new ModelArgumentError(`--model: ${fileName} is in the models folder but is not a usable GGUF model (see the log)`);
  let entry = existing && (inFolder || existing.fileSizeBytes === info.size) ? existing : null;
  if (!entry) {
    try {
      entry = await models.addLocal(source);
    } catch (err) {
      throw new ModelArgumentError(`--model: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return models.select(entry.fileName) ?? entry;
}

/** A catalogue id rather than a path: no folder separator and no .gguf at the end. */
export function looksLikeCatalogueId(arg: string): boolean {
  return !/[\\/]/.test(arg) && !/\.gguf$/i.test(arg);
}

/** One stderr line of a catalogue download's progress ("45% of 986 MB, 12.3 MB/s, 40 s left"). */
export function downloadProgressLine(id: string, p: Pick<DownloadProgress, 'state' | 'downloadedBytes' | 'totalBytes' | 'speedBps' | 'etaSeconds'>): string {
  const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
  if (p.state !== 'downloading' || p.totalBytes <= 0) return `Downloading ${id}: ${p.state}…`;
  const pct = Math.floor((p.downloadedBytes / p.totalBytes) * 100);
  const eta = p.etaSeconds === null ? '' : `, ${Math.ceil(p.etaSeconds)} s left`;
  return `Downloading ${id}: ${pct}% of ${mb(p.totalBytes)}, ${(p.speedBps / 1e6).toFixed(1)} MB/s${eta}`;
}

/**
 * `--model ID`: a model of the catalogue, downloaded first (verified) unless it is on disk already, then
 * used. Progress goes to `progress` (stderr), at most once a second. An id the catalogue does not have,
 * or a failed download, is a ModelArgumentError naming what the catalogue offers.
 */
export async function useCatalogueModel(
  catalogue: Pick<ModelCatalogueService, 'find' | 'entries' | 'install'>,
  id: string,
  progress: (line: string) => void,
  now: () => number,
): Promise<void> {
  if (!catalogue.find(id)) {
    throw new ModelArgumentError(`--model: no such file or catalogue model: ${id} (the catalogue has ${catalogue.entries.map((e) => e.id).join(', ')})`);
  }
  let last = -Infinity;
  try {
    await catalogue.install(id, {
      onProgress: (p) => {
        if (now() - last < 1000 && p.state === 'downloading') return;
        last = now();
        progress(downloadProgressLine(id, p));
      },
    });
  } catch (err) {
    throw new ModelArgumentError(`--model ${id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  progress(`Model ${id} is ready to use.`);
}
