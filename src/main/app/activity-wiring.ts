import type { InferenceEngine } from '../inference/inference-engine.js';
import type { ModelManager } from '../models/model-manager.js';
import { downloadLine, modelBackendLine, modelChosenLine, say } from './activity-notes.js';
import type { NoteSink } from './mesh-task-notes.js';

/** Connects the model manager's choices and downloads to the Activity panel (the words are activity-notes'). */
export function wireActivityNotes(deps: {
  models: Pick<ModelManager, 'on'>;
  engine: Pick<InferenceEngine, 'on'>;
  note: NoteSink;
}): void {
  deps.engine.on('model', (state) => say(deps.note, modelBackendLine(state)));
  deps.models.on('active-changed', (entry) => say(deps.note, modelChosenLine(entry)));
  deps.models.on('download', (d) => say(deps.note, downloadLine(d)));
}
