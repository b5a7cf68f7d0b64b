/**
 * What the dashboard shows of the ranking: every nearby device (snapshot Peer) with its route standing,
 * and this computer's own row. Devices that can serve come first in rank order, then the skipped ones
 * by cost (unknown cost last), then by name; our own peripheral answering our own scan is not listed.
 */
import type { RouteStanding } from '../../shared/routing.js';
import type { Peer, SelfCandidate } from '../../shared/snapshot.js';
import type { PeerRecord } from '../ble/central/peer-table.js';
import type { Ranking, RouteCandidate } from './route-types.js';

export const THIS_COMPUTER_NAME = 'This computer';

/** Each candidate's standing by id: rank 1… for the routable ones in order, the skip reason for the rest. */
export function standingsOf(ranking: Ranking): Map<string, RouteStanding> {
  const out = new Map<string, RouteStanding>();
  ranking.ranked.forEach((r, i) => out.set(r.candidate.id, { terms: r.terms, rank: i + 1, skip: null, sizeUnknown: r.sizeUnknown }));
  for (const s of ranking.skipped) out.set(s.candidate.id, { terms: s.terms, rank: null, skip: s.reason, sizeUnknown: s.sizeUnknown });
  return out;
}

export function toPeer(peer: PeerRecord, candidate: RouteCandidate, route: RouteStanding): Peer {
  return {
    id: peer.peerId,
    name: peer.localName ?? peer.agentId ?? peer.peerId,
    profile: peer.profile === 'mesh' ? 'mesh' : 'bluetooth-local',
    deviceType: peer.deviceType ?? 'phone',
    model: peer.model ?? (peer.modelState ? `on-device (${peer.modelState})` : 'unknown'),
    paramSize: peer.modelParamSize ?? 0,
    batteryPct: peer.batteryPct,
    currentLoad: peer.currentLoad ?? 0,
    rssi: peer.rssi,
    lastSeenAt: peer.lastSeen,
    sameMesh: candidate.sameMesh,
    agentId: peer.agentId,
    route,
  };
}

export function selfRow(candidate: RouteCandidate, route: RouteStanding): SelfCandidate {
  return {
    name: THIS_COMPUTER_NAME,
    model: candidate.model,
    paramSize: candidate.paramSize ?? 0,
    currentLoad: candidate.currentLoad ?? 0,
    route,
  };
}

/** Ranked first (by rank), then skipped by cost, unknown cost last; names break ties. */
export function compareByStanding(a: Peer, b: Peer): number {
  const ra = a.route.rank ?? Number.POSITIVE_INFINITY;
  const rb = b.route.rank ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra - rb;
  const ca = a.route.terms?.total ?? Number.POSITIVE_INFINITY;
  const cb = b.route.terms?.total ?? Number.POSITIVE_INFINITY;
  if (ca !== cb) return ca - cb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
