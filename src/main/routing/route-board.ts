/**
 * The router's picture of the room: the latest peer records from the central, this computer's model
 * and load, and our mesh token hash. The ranking is computed on demand with the clock's now (staleness
 * depends on it); the candidates are rebuilt only when an input changes. No timers: whoever feeds it
 * (peer changes, the BLE refresh tick, engine load events) makes it tell its listeners.
 */
import type { Peer, SelfCandidate } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { PeerRecord } from '../ble/central/peer-table.js';
import { peerCandidate, selfCandidate, type LocalModelState } from './route-candidates.js';
import { compareByStanding, selfRow, standingsOf, toPeer } from './peer-view.js';
import { rankCandidates } from './router.js';
import type { Ranking, RouteCandidate } from './route-types.js';

/** This computer's state without the time (the board stamps it when ranking). */
export type SelfState = Omit<LocalModelState, 'now'>;

export interface RouteBoardOptions {
  clock: Clock;
  meshTokenHash?: string | null;
  /** Defaults of the router: 60 s and 200. */
  staleAfterMs?: number;
  threshold?: number;
}

export interface RouteBoardView {
  /** Nearby devices, routable ones first in rank order (our own peripheral left out). */
  peers: Peer[];
  self: SelfCandidate;
}

const NO_MODEL: SelfState = { readyModel: null, running: 0, queued: 0, deviceType: 'workstation' };

export class RouteBoard {
  private records: readonly PeerRecord[] = [];
  private self: SelfState = NO_MODEL;
  private meshTokenHash: string | null;
  private peerCandidates: RouteCandidate[] | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: RouteBoardOptions) {
    this.meshTokenHash = opts.meshTokenHash ?? null;
  }

  setPeers(records: readonly PeerRecord[]): void {
    this.records = records.map((r) => ({ ...r }));
    this.peerCandidates = null;
    this.changed();
  }

  /** Tells listeners only when something the ranking uses differs (engine load events are frequent). */
  setSelf(state: SelfState): void {
    const local = this.self;
    const same = local.running === state.running && local.queued === state.queued && local.deviceType === state.deviceType
      && local.readyModel?.name === state.readyModel?.name && local.readyModel?.paramSize === state.readyModel?.paramSize;
    this.self = { ...state, readyModel: state.readyModel ? { ...state.readyModel } : null };
    if (!same) this.changed();
  }

  setMeshTokenHash(hash: string | null): void {
    if (hash === this.meshTokenHash) return;
    this.meshTokenHash = hash;
    this.peerCandidates = null;
    this.changed();
  }

  /** This computer first, then the peers in the order the central listed them. */
  candidates(): RouteCandidate[] {
    this.peerCandidates ??= this.records.map((r) => peerCandidate(r, this.meshTokenHash));
    return [selfCandidate({ ...this.self, now: this.opts.clock.now() }), ...this.peerCandidates];
  }

  /** The ranking for one request now: 'auto' (or nothing) for any model, else a model id. */
  rank(model?: string): Ranking {
    return this.rankOf(this.candidates(), model);
  }

  private rankOf(candidates: RouteCandidate[], model?: string): Ranking {
    return rankCandidates(candidates, {
      now: this.opts.clock.now(),
      ...(model !== undefined ? { model } : {}),
      ...(this.opts.staleAfterMs !== undefined ? { staleAfterMs: this.opts.staleAfterMs } : {}),
      ...(this.opts.threshold !== undefined ? { threshold: this.opts.threshold } : {}),
    });
  }

  /** What the snapshot shows: every device with its standing for an 'auto' request, and this computer. */
  view(): RouteBoardView {
    const candidates = this.candidates();
    const standings = standingsOf(this.rankOf(candidates));
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const [me] = candidates;
    const myStanding = me ? standings.get(me.id) : undefined;
    if (!me || !myStanding) throw new Error('route board: this computer is missing from its own ranking');
    const peers: Peer[] = [];
    for (const record of this.records) {
      const candidate = byId.get(record.peerId);
      const route = standings.get(record.peerId);
      if (!candidate || !route || route.skip?.code === 'own_peripheral') continue;
      peers.push(toPeer(record, candidate, route));
    }
    return { peers: peers.sort(compareByStanding), self: selfRow(me, myStanding) };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
