/**
 * What the Activity panel says about the model choice, model downloads and an unavailable ledger (sync
 * results and notifications go through the notice center). Each returns the line, or null when
 * there is nothing worth saying.
 */
import type { ModelState } from '../inference/engine-types.js';
import type { DownloadProgress, ModelEntry } from '../models/model-types.js';
import type { ActivityLine, NoteSink } from './mesh-task-notes.js';

/** The active model changed: the new one, or none (the worker pauses). */
export function modelChosenLine(entry: Pick<ModelEntry, 'fileName'> | null): ActivityLine {
  return { level: 'info', text: entry ? `Model ${entry.fileName} chosen.` : 'No model chosen: the worker pauses.', topic: 'models' };
}

/** A download finished or failed (progress says nothing). */
export function downloadLine(download: Pick<DownloadProgress, 'state' | 'fileName' | 'uri' | 'error'>): ActivityLine | null {
  const name = download.fileName ?? download.uri;
  if (download.state === 'done') return { level: 'info', text: `Downloaded ${name}.`, topic: 'models' };
  if (download.state === 'failed') return { level: 'warn', text: `Download of ${name} failed: ${download.error ?? 'unknown error'}`, topic: 'models' };
  return null;
}

/**
 * A model finished loading: where it runs. A GPU that could not take it (it fell back to the CPU) is a
 * warning; no GPU at all, or the GPU turned off, is plain information.
 */
export function modelBackendLine(state: ModelState): ActivityLine | null {
  if (state.state !== 'ready') return null;
  const { name, backend } = state.info;
  const fellBack = backend.backend === 'cpu' && /could not load|failed to start/.test(backend.summary);
  return { level: fellBack ? 'warn' : 'info', text: `Model ${name} runs on ${backend.summary}.`, topic: 'models' };
}

/** The line when the ledger cannot open: credits and the mesh need the identity it holds. */
export function ledgerUnavailableLine(err: unknown): ActivityLine {
  return { level: 'error', text: `Credits and Bluetooth are unavailable: ${err instanceof Error ? err.message : String(err)}`, topic: 'problems' };
}

/** Writes the line (if there is one) to Activity through `note`. */
export function writeActivityLine(note: NoteSink, line: ActivityLine | null): void {
  if (line) note(line.level, line.text, line.topic);
}
