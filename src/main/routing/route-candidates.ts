/**
 * Turns what this computer knows into router candidates: a nearby peer from the central's peer table,
 * and this computer's own model from the engine. The rules (what is routable, what costs what) stay in
 * router.ts; this only translates, saying "unknown" where the device said nothing.
 */
import type { PeerRecord } from '../ble/central/peer-table.js';
import { SELF_REASON } from '../ble/central/peer-table.js';
import type { RouteCandidate } from './route-types.js';

export const THIS_COMPUTER_ID = 'this-computer';

/** Bluetooth Local iPhones report a model state, not a load: idle when ready, one task when busy. */
const IPHONE_BUSY_STATES = new Set(['busy', 'generating', 'running']);

export function peerCandidate(p: PeerRecord, ownMeshHash: string | null): RouteCandidate {
  const ownPeripheral = p.notRoutableReason === SELF_REASON;
  const name = p.localName ?? p.agentId ?? p.peerId;
  if (p.profile === 'local') {
    const state = p.modelState;
    return {
      id: p.peerId, kind: 'bluetooth-local', name, agentId: null, publicKey: null, deviceType: 'phone',
      model: 'on-device', paramSize: p.modelParamSize, currentLoad: state === null ? null : IPHONE_BUSY_STATES.has(state) ? 1 : 0,
      batteryPct: p.batteryPct, rssi: p.rssi, lastSeenAt: p.lastSeen, sameMesh: true,
      identified: p.identifiedAt !== null, modelReady: state === 'ready' || (state !== null && IPHONE_BUSY_STATES.has(state)),
      ownPeripheral: false, unreachable: p.link === 'failed',
    };
  }
  const identified = p.agentId !== null && p.identifiedAt !== null && p.publicKey !== null;
  return {
    id: p.peerId, kind: 'mesh', name, agentId: p.agentId, publicKey: p.publicKey, deviceType: p.deviceType ?? 'phone',
    model: p.model, paramSize: p.modelParamSize, currentLoad: p.currentLoad, batteryPct: p.batteryPct, rssi: p.rssi,
    lastSeenAt: p.lastSeen,
    sameMesh: ownMeshHash === null || p.meshTokenHash === null || p.meshTokenHash.toLowerCase() === ownMeshHash.toLowerCase(),
    identified,
    // A mesh agent with no model advertises "none" (as this computer does before one is chosen).
    modelReady: identified && p.model !== null && p.model !== 'none' && p.modelParamSize !== null,
    ownPeripheral,
    unreachable: p.link === 'failed',
  };
}

export interface LocalModelState {
  /** The active model's name when the engine has it loaded and ready; null otherwise. */
  readyModel: { name: string; paramSize: number } | null;
  /** Requests running plus waiting in the engine (seed 000's currentLoad for this computer). */
  running: number;
  queued: number;
  deviceType: 'laptop' | 'workstation';
  now: number;
}

export function selfCandidate(s: LocalModelState): RouteCandidate {
  return {
    id: THIS_COMPUTER_ID, kind: 'this-computer', name: 'this computer', agentId: null, publicKey: null,
    deviceType: s.deviceType, model: s.readyModel?.name ?? null, paramSize: s.readyModel?.paramSize ?? null,
    currentLoad: s.running + s.queued, batteryPct: null, rssi: null, lastSeenAt: s.now, sameMesh: true,
    identified: true, modelReady: s.readyModel !== null, ownPeripheral: false,
  };
}
