import type { InferenceEngine } from '../inference/inference-engine.js';
import type { ModelManager } from '../models/model-manager.js';
import { downloadLine, modelBackendLine, modelChosenLine, writeActivityLine } from './activity-notes.js';
import type { NoteSink } from './mesh-task-notes.js';

/** Connects the model manager's choices and downloads to the Activity panel (the words are activity-notes'). */
export function wireActivityNotes(deps: {
  models: Pick<ModelManager, 'on'>;
  engine: Pick<InferenceEngine, 'on'>;
  note: NoteSink;
}): void {
  deps.engine.on('model', (state) => writeActivityLine(deps.note, modelBackendLine(state)));
  deps.models.on('active-changed', (entry) => writeActivityLine(deps.note, modelChosenLine(entry)));
  deps.models.on('download', (download) => writeActivityLine(deps.note, downloadLine(download)));
}
