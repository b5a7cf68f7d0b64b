import type { ModelManager } from '../models/model-manager.js';
import { downloadLine, modelChosenLine, say } from './activity-notes.js';
import type { NoteSink } from './mesh-task-notes.js';

/**
 * Connects the model manager's choices and downloads to the Activity panel (the words are
 * activity-notes'). Returns the function that disconnects them.
 */
export function wireActivityNotes(deps: {
  models: Pick<ModelManager, 'on' | 'off'>;
  note: NoteSink;
}): () => void {
  const chosen = (entry: Parameters<typeof modelChosenLine>[0]): void => say(deps.note, modelChosenLine(entry));
  const downloading = (d: Parameters<typeof downloadLine>[0]): void => say(deps.note, downloadLine(d));
  deps.models.on('active-changed', chosen);
  deps.models.on('download', downloading);
  return () => {
    deps.models.off('active-changed', chosen);
    deps.models.off('download', downloading);
  };
}
