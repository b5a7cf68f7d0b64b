/**
 * This computer's chosen model in words (the snapshot's Model slice), and the rules that follow from
 * its state: only a ready model is offered (to the coordinator, to routing), and a nearby device's task
 * is served only by the chosen model once it is loaded.
 */
import type { ModelSummary } from '../../shared/snapshot.js';
import type { ModelPanelSnapshot } from '../models/active-model-binding.js';

/** The Model slice for the active model as the panel sees it (null: no model chosen). */
export function modelSummary(active: ModelPanelSnapshot['active']): ModelSummary | null {
  if (!active) return null;
  const detail =
    active.state === 'ready' ? `${active.sizeClass}, credit multiplier ${active.creditMultiplier}`
      : active.state === 'loading' ? 'Loading into llama.cpp…'
        : active.state === 'failed' ? `Failed to load: ${active.reason ?? 'unknown reason'}`
          : 'Not loaded yet.';
  return { name: active.name, paramSize: active.paramSize, state: active.state === 'none' ? 'not-loaded' : active.state, detail };
}

/** The model this computer offers (heartbeat, routing): the chosen one once ready, otherwise none. */
export function readyModel(summary: ModelSummary | null): { name: string; paramSize: number } | null {
  return summary && summary.state === 'ready' ? { name: summary.name, paramSize: summary.paramSize } : null;
}

/**
 * Why a nearby device's task is not served now, or null when it may run. "Stop using" leaves the engine
 * holding the old model (it has no unload): only the chosen model, loaded, serves.
 */
export function meshServeRefusal(summary: ModelSummary | null): string | null {
  return summary?.state === 'ready' ? null : 'no local model is active and loaded';
}
