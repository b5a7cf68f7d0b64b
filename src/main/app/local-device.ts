/**
 * This computer as others see it, from the same readings: the mesh capabilities nearby devices read
 * (model, size, memory, battery, load, device type) and its entry on the route board (the ready model,
 * running and queued requests, device type).
 */
import type { PeerCapabilities } from '../ble/protocol/mesh-schemas.js';
import type { LoadSnapshot } from '../inference/engine-types.js';
import type { ModelCapabilities } from '../models/model-types.js';
import type { PowerReading } from '../power/power-source.js';
import type { SelfState } from '../routing/route-board.js';

/** The mesh capabilities: the chosen model ('none' before one), the power source's battery and device type, the engine's load. */
export function localCapabilities(model: ModelCapabilities, power: Pick<PowerReading, 'batteryPct' | 'deviceType'>, currentLoad: number): PeerCapabilities {
  return {
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
