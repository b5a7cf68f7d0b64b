import type { InferenceEngine } from '../inference/inference-engine.js';
import type { ModelManager } from '../models/model-manager.js';
import { downloadLine, modelBackendLine, modelChosenLine, writeActivityLine } from './activity-notes.js';
import type { NoteSink } from './mesh-task-notes.js';

/**
 * Connects the model manager's choices and downloads to the Activity panel (the words are
 * activity-notes'). Returns the function that disconnects them.
 */
export function wireActivityNotes(deps: {
  models: Pick<ModelManager, 'on' | 'off'>;
  engine: Pick<InferenceEngine, 'on' | 'off'>;
  note: NoteSink;
}): () => void {
  const chosen = (entry: Parameters<typeof modelChosenLine>[0]): void => writeActivityLine(deps.note, modelChosenLine(entry));
  const downloading = (download: Parameters<typeof downloadLine>[0]): void => writeActivityLine(deps.note, downloadLine(download));
  const loaded = (state: Parameters<typeof modelBackendLine>[0]): void => writeActivityLine(deps.note, modelBackendLine(state));
  deps.models.on('active-changed', chosen);
  deps.models.on('download', downloading);
  deps.engine.on('model', loaded);
  return () => {
    deps.models.off('active-changed', chosen);
    deps.models.off('download', downloading);
    deps.engine.off('model', loaded);
  };
}
