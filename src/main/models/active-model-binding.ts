/**
 * Keeps the inference engine on the model the user chose: loads the active model at start and
 * whenever it changes, and records load failures (with the engine's reason) in the manager.
 * Also builds the dashboard's Model panel snapshot from both.
 */
import type { BackendInfo } from '../../shared/models-status.js';
import type { EngineStatus, ModelState } from '../inference/engine-types.js';
import type { InferenceEngine } from '../inference/inference-engine.js';
import type { ModelManager } from './model-manager.js';
import type { DownloadProgress, ModelEntry } from './model-types.js';

export interface ModelPanelSnapshot {
  active: (ModelEntry & { state: ModelState['state']; reason: string | null }) | null;
  models: ModelEntry[];
  downloads: DownloadProgress[];
  engine: Pick<EngineStatus, 'currentLoad' | 'busy' | 'queued' | 'concurrency' | 'threads' | 'hostRestarts' | 'lastCrash' | 'gpu'> & { backend: BackendInfo | null };
}

/** Returns an unbind function. Load failures never throw here: they show in the snapshot. */
export function bindActiveModel(manager: ModelManager, engine: InferenceEngine): () => void {
  const load = (entry: ModelEntry | null): void => {
    if (entry) void engine.loadModel(entry.path).catch(() => undefined);
  };
  const onModel = (state: ModelState): void => {
    if (state.state === 'failed') manager.markFailed(state.path, state.reason);
    if (state.state === 'ready') manager.markFailed(state.path, null);
  };
  manager.on('active-changed', load);
  engine.on('model', onModel);
  const current = engine.modelState;
  const active = manager.active();
  if (active && (current.state === 'none' || (current.state !== 'loading' && current.path !== active.path))) load(active);
  return () => {
    manager.off('active-changed', load);
    engine.off('model', onModel);
  };
}

export function modelPanelSnapshot(manager: ModelManager, engine: InferenceEngine): ModelPanelSnapshot {
  const snap = manager.snapshot();
  const status = engine.status();
  const model = status.model;
  const onActive = snap.active !== null && model.state !== 'none' && model.path === snap.active.path;
  return {
    active: snap.active
      ? { ...snap.active, state: onActive ? model.state : 'none', reason: onActive && model.state === 'failed' ? model.reason : snap.active.failedReason }
      : null,
    models: snap.models,
    downloads: snap.downloads,
    engine: {
      currentLoad: status.currentLoad, busy: status.busy, queued: status.queued, concurrency: status.concurrency,
      threads: status.threads, hostRestarts: status.hostRestarts, lastCrash: status.lastCrash,
      gpu: status.gpu, backend: model.state === 'ready' ? model.info.backend : null,
    },
  };
}
