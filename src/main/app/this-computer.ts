/**
 * This computer as it offers itself, from the same readings: its chosen model in words (the snapshot's
 * Model slice) and what the model's state allows (only a ready model is offered to the coordinator and
 * to routing; a nearby device's task is served only by the chosen model once loaded), the mesh
 * capabilities nearby devices read, and its entry on the route board.
 */
import type { BackendInfo } from '../../shared/models-status.js';
import type { ModelSummary } from '../../shared/snapshot.js';
import type { PeerCapabilities } from '../ble/protocol/mesh-schemas.js';
import type { LoadSnapshot } from '../inference/engine-types.js';
import type { ModelPanelSnapshot } from '../models/active-model-binding.js';
import type { ModelCapabilities } from '../models/model-types.js';
import type { PowerReading } from '../power/power-source.js';
import type { SelfState } from '../routing/route-board.js';

/** The Model slice for the active model as the panel sees it (null: no model chosen). */
export function modelSummary(active: ModelPanelSnapshot['active'], backend: BackendInfo | null = null): ModelSummary | null {
  if (!active) return null;
  const detail =
    active.state === 'ready' ? `${active.sizeClass}, credit multiplier ${active.creditMultiplier}`
      : active.state === 'loading' ? 'Loading into llama.cpp…'
        : active.state === 'failed' ? `Failed to load: ${active.reason ?? 'unknown reason'}`
          : 'Not loaded yet.';
  return { name: active.name, paramSize: active.paramSize, state: active.state === 'none' ? 'not-loaded' : active.state, detail, ...(active.state === 'ready' && backend ? { backend } : {}) };
}

/** The model this computer offers (heartbeat, routing): the chosen one once ready, otherwise none. */
export function readyModel(summary: ModelSummary | null): { name: string; paramSize: number; backend?: BackendInfo } | null {
  return summary && summary.state === 'ready' ? { name: summary.name, paramSize: summary.paramSize, ...(summary.backend ? { backend: summary.backend } : {}) } : null;
}

/**
 * Why a nearby device's task is not served now, or null when it may run. "Stop using" leaves the engine
 * holding the old model (it has no unload): only the chosen model, loaded, serves.
 */
export function meshServeRefusal(summary: ModelSummary | null): string | null {
  return summary?.state === 'ready' ? null : 'no local model is active and loaded';
}

/** The mesh capabilities: the chosen model ('none' before one), the power source's battery and device type, the engine's load. */
export function localCapabilities(model: ModelCapabilities, power: Pick<PowerReading, 'batteryPct' | 'deviceType'>, currentLoad: number, backend: BackendInfo | null = null): PeerCapabilities {
  return {
    ...(backend ? { accel: acceleratorOf(backend) } : {}),
    model: model.model ?? 'none',
    modelParamSize: model.modelParamSize,
    memoryMB: model.memoryMB,
    // Nearby devices read 100 as "no battery concern": a machine on mains without a battery.
    batteryPct: power.batteryPct ?? 100,
    currentLoad,
    deviceType: power.deviceType,
  };
}

/** This computer on the route board: offered only with a ready model; its load is the engine's running and queued requests. */
export function selfRouteState(readyModel: SelfState['readyModel'], load: Pick<LoadSnapshot, 'busy' | 'queued'>, power: Pick<PowerReading, 'deviceType'>): SelfState {
  return { readyModel, running: load.busy, queued: load.queued, deviceType: power.deviceType };
}

/** The compact form nearby devices read (the capabilities characteristic is one ATT read). */
export function acceleratorOf(b: BackendInfo): NonNullable<PeerCapabilities['accel']> {
  return { backend: b.backend, gpuLayers: b.gpuLayers, totalLayers: b.totalLayers, vramMB: Math.round(b.vramTotalBytes / 2 ** 20), ...(b.gpuName ? { gpu: b.gpuName.slice(0, 40) } : {}) };
}
