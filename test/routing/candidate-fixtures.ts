/** Router candidates and peer records for the routing tables: a field list, defaults that are routable. */
import type { PeerRecord } from '../../src/main/ble/central/peer-table.js';
import type { RouteCandidate } from '../../src/main/routing/route-types.js';

export const NOW = 1_700_000_000_000;
export const OWN_HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

export function peer(over: Partial<RouteCandidate> & { id: string }): RouteCandidate {
  return {
    kind: 'mesh', name: over.id, agentId: `agent-${over.id}`, publicKey: `pk-${over.id}`, deviceType: 'phone',
    model: 'model-7b', paramSize: 7, currentLoad: 0, batteryPct: 100, rssi: -30, lastSeenAt: NOW, sameMesh: true,
    identified: true, modelReady: true, ownPeripheral: false,
    ...over,
  };
}

export function thisComputer(over: Partial<RouteCandidate> = {}): RouteCandidate {
  return peer({
    id: 'this-computer', kind: 'this-computer', name: 'this computer', agentId: null, publicKey: null,
    deviceType: 'workstation', batteryPct: null, rssi: null, ...over,
  });
}

export function record(over: Partial<PeerRecord> & { peerId: string }): PeerRecord {
  return {
    profile: 'mesh', localName: null, agentId: `agent-${over.peerId}`, meshTokenHash: OWN_HASH, publicKey: `pk-${over.peerId}`,
    deviceType: 'phone', model: 'model-3b', modelParamSize: 3, memoryMB: 4096, batteryPct: 80, currentLoad: 0,
    modelState: null, rssi: -60, lastSeen: NOW, identifiedAt: NOW, link: 'connected', routable: true, notRoutableReason: null,
    ...over,
  };
}

/** An iPhone in Bluetooth Local mode: a status, no agent, no size. */
export function iphone(over: Partial<PeerRecord> & { peerId: string }): PeerRecord {
  return record({
    profile: 'local', localName: 'iPhone', agentId: null, meshTokenHash: null, publicKey: null, model: null,
    modelParamSize: null, memoryMB: null, currentLoad: null, modelState: 'ready', batteryPct: 90, ...over,
  });
}

export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
