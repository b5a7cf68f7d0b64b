import type { Ledger } from '../ledger/create-ledger.js';
import type { ModelManager } from '../models/model-manager.js';
import { downloadLine, ledgerSyncLine, modelChosenLine, say } from './activity-notes.js';
import type { ActivityLine } from './mesh-task-notes.js';

/**
 * Connects the ledger's syncs and the model manager's choices and downloads to the Activity panel (the
 * words are activity-notes'). Each sync result also refreshes the Credits slice.
 */
export function wireActivityNotes(deps: {
  ledger: Ledger | null;
  models: Pick<ModelManager, 'on'>;
  note: (level: ActivityLine['level'], text: string) => void;
  onSynced: () => void;
}): void {
  deps.ledger?.sync.onResult((result) => {
    deps.onSynced();
    say(deps.note, ledgerSyncLine(result));
  });
  deps.models.on('active-changed', (entry) => say(deps.note, modelChosenLine(entry)));
  deps.models.on('download', (d) => say(deps.note, downloadLine(d)));
}
