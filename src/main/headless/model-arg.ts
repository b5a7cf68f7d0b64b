import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelManager } from '../models/model-manager.js';
import type { ModelEntry } from '../models/model-types.js';

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
