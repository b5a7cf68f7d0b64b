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

export function peerCandidate(peer: PeerRecord, ownMeshHash: string | null): RouteCandidate {
  const ownPeripheral = peer.notRoutableReason === SELF_REASON;
  const name = peer.localName ?? peer.agentId ?? peer.peerId;
  if (peer.profile === 'local') {
    const state = peer.modelState;
    return {
      id: peer.peerId, kind: 'bluetooth-local', name, agentId: null, publicKey: null, deviceType: 'phone',
      model: 'on-device', paramSize: peer.modelParamSize, currentLoad: state === null ? null : IPHONE_BUSY_STATES.has(state) ? 1 : 0,
      batteryPct: peer.batteryPct, rssi: peer.rssi, lastSeenAt: peer.lastSeen, sameMesh: true,
      identified: peer.identifiedAt !== null, modelReady: state === 'ready' || (state !== null && IPHONE_BUSY_STATES.has(state)),
      ownPeripheral: false, unreachable: peer.link === 'failed',
    };
  }
  const identified = peer.agentId !== null && peer.identifiedAt !== null && peer.publicKey !== null;
  return {
    id: peer.peerId, kind: 'mesh', name, agentId: peer.agentId, publicKey: peer.publicKey, deviceType: peer.deviceType ?? 'phone',
    model: peer.model, paramSize: peer.modelParamSize, currentLoad: peer.currentLoad, batteryPct: peer.batteryPct, rssi: peer.rssi,
    lastSeenAt: peer.lastSeen,
    sameMesh: ownMeshHash === null || peer.meshTokenHash === null || peer.meshTokenHash.toLowerCase() === ownMeshHash.toLowerCase(),
    identified,
    // A mesh agent with no model advertises "none" (as this computer does before one is chosen).
    modelReady: identified && peer.model !== null && peer.model !== 'none' && peer.modelParamSize !== null,
    ownPeripheral,
    unreachable: peer.link === 'failed',
  };
}

export interface LocalModelState {
  /** The active model's name when the engine has it loaded and ready; null otherwise. */
  readyModel: { name: string; paramSize: number } | null;
  /** Requests running plus waiting in the engine (this computer's currentLoad: the cost adds 20 per task). */
  running: number;
  queued: number;
  deviceType: 'laptop' | 'workstation';
  now: number;
}

export function selfCandidate(local: LocalModelState): RouteCandidate {
  return {
    id: THIS_COMPUTER_ID, kind: 'this-computer', name: 'this computer', agentId: null, publicKey: null,
    deviceType: local.deviceType, model: local.readyModel?.name ?? null, paramSize: local.readyModel?.paramSize ?? null,
    currentLoad: local.running + local.queued, batteryPct: null, rssi: null, lastSeenAt: local.now, sameMesh: true,
    identified: true, modelReady: local.readyModel !== null, ownPeripheral: false,
  };
}
