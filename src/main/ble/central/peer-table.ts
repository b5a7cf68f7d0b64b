/**
 * Nearby BLE peers as the router sees them. Advertisements and connected RSSI polls refresh `lastSeen`;
 * a peer unseen for `evictAfterMs` (60 s) is evicted, and when it comes back it is a new entry that must
 * be identified again. Peers of another mesh (different token hash) stay listed but flagged unroutable.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { BleProfile, DeviceType, LocalStatus, PeerCapabilities, PeerIdentity } from '../protocol/index.js';

export type PeerLinkState = 'idle' | 'connecting' | 'connected' | 'failed';

export interface PeerRecord {
  /** noble peripheral id (MAC on Linux, CoreBluetooth UUID on macOS). */
  peerId: string;
  profile: BleProfile;
  localName: string | null;
  agentId: string | null;
  meshTokenHash: string | null;
  publicKey: string | null;
  deviceType: DeviceType | null;
  model: string | null;
  modelParamSize: number | null;
  memoryMB: number | null;
  batteryPct: number | null;
  currentLoad: number | null;
  /** Bluetooth Local phones report a model state instead of capabilities. */
  modelState: string | null;
  rssi: number | null;
  lastSeen: number;
  identifiedAt: number | null;
  link: PeerLinkState;
  /** False while unidentified, in another mesh, or failed; the reason says which. */
  routable: boolean;
  notRoutableReason: string | null;
}

export type PeerChange = { kind: 'added' | 'updated' | 'evicted'; peer: PeerRecord };

/** Our own peripheral answers our own scan: listed as such, never routed to, never kept connected. */
export const SELF_REASON = 'this computer (its own peripheral)';

export interface PeerTableOptions {
  /** This node's agentId. */
  selfAgentId?: string | null;
  clock: Clock;
  evictAfterMs?: number;
  /** This node's mesh token hash; null = accept any mesh (no token yet). */
  meshTokenHash?: string | null;
  onChange?: (change: PeerChange) => void;
}

export const DEFAULT_EVICT_AFTER_MS = 60_000;
/** An RSSI change is reported (peer-change event) when it moved this many dB or this long has passed. */
const RSSI_REPORT_DB = 3;
const RSSI_REPORT_MS = 1_000;

export class PeerTable {
  readonly evictAfterMs: number;
  private readonly peers = new Map<string, PeerRecord>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly rssiReported = new Map<string, { rssi: number; at: number }>();
  private meshTokenHash: string | null;

  constructor(private readonly opts: PeerTableOptions) {
    this.evictAfterMs = opts.evictAfterMs ?? DEFAULT_EVICT_AFTER_MS;
    this.meshTokenHash = opts.meshTokenHash?.toLowerCase() ?? null;
  }

  get(peerId: string): PeerRecord | undefined {
    const p = this.peers.get(peerId);
    return p ? { ...p } : undefined;
  }

  list(): PeerRecord[] {
    return [...this.peers.values()].map((p) => ({ ...p }));
  }

  get size(): number {
    return this.peers.size;
  }

  /** Seen in an advertisement or an RSSI poll. Returns true when the peer is new (needs identification). */
  seen(peerId: string, profile: BleProfile, rssi: number | null, localName: string | null = null): boolean {
    const now = this.opts.clock.now();
    const existing = this.peers.get(peerId);
    this.armEviction(peerId);
    if (!existing) {
      const record: PeerRecord = {
        peerId, profile, localName, agentId: null, meshTokenHash: null, publicKey: null, deviceType: null, model: null,
        modelParamSize: null, memoryMB: null, batteryPct: null, currentLoad: null, modelState: null,
        rssi: validRssi(rssi), lastSeen: now, identifiedAt: null, link: 'idle', routable: false, notRoutableReason: 'not identified yet',
      };
      this.peers.set(peerId, record);
      this.emit('added', record);
      return true;
    }
    const r = validRssi(rssi);
    existing.lastSeen = now;
    if (localName && !existing.localName) existing.localName = localName;
    if (r === null || r === existing.rssi) return false;
    existing.rssi = r;
    // Advertisements arrive every few ms with jittering RSSI: report a change only when it matters.
    const last = this.rssiReported.get(peerId);
    if (!last || Math.abs(r - last.rssi) >= RSSI_REPORT_DB || now - last.at >= RSSI_REPORT_MS) {
      this.rssiReported.set(peerId, { rssi: r, at: now });
      this.emit('updated', existing);
    }
    return false;
  }

  setIdentity(peerId: string, identity: PeerIdentity): void {
    this.update(peerId, (p) => {
      p.agentId = identity.agentId;
      p.meshTokenHash = identity.meshTokenHash;
      p.publicKey = identity.publicKey;
    });
  }

  setCapabilities(peerId: string, caps: PeerCapabilities): void {
    this.update(peerId, (p) => {
      Object.assign(p, {
        deviceType: caps.deviceType, model: caps.model, modelParamSize: caps.modelParamSize, memoryMB: caps.memoryMB,
        batteryPct: caps.batteryPct, currentLoad: caps.currentLoad,
      });
      p.identifiedAt = this.opts.clock.now();
    });
  }

  setLocalStatus(peerId: string, status: LocalStatus): void {
    this.update(peerId, (p) => {
      p.deviceType = 'phone';
      p.modelState = status.modelState;
      p.batteryPct = status.batteryPct;
      p.identifiedAt = this.opts.clock.now();
    });
  }

  setLink(peerId: string, link: PeerLinkState): void {
    this.update(peerId, (p) => {
      p.link = link;
    });
  }

  /** Changes this node's mesh token hash (after registration) and re-flags every peer. */
  setMeshTokenHash(hash: string | null): void {
    this.meshTokenHash = hash?.toLowerCase() ?? null;
    for (const id of this.peers.keys()) this.update(id, () => undefined);
  }

  /** Removes a peer now (eviction or stop). */
  remove(peerId: string): void {
    const p = this.peers.get(peerId);
    const t = this.timers.get(peerId);
    if (t !== undefined) this.opts.clock.clearTimeout(t);
    this.timers.delete(peerId);
    this.rssiReported.delete(peerId);
    if (!p) return;
    this.peers.delete(peerId);
    this.emit('evicted', p);
  }

  clear(): void {
    for (const id of [...this.peers.keys()]) this.remove(id);
  }

  private update(peerId: string, fn: (p: PeerRecord) => void): void {
    const p = this.peers.get(peerId);
    if (!p) return;
    const before = JSON.stringify(p);
    fn(p);
    const reason = this.unroutableReason(p);
    p.routable = reason === null;
    p.notRoutableReason = reason;
    if (JSON.stringify(p) !== before) this.emit('updated', p);
  }

  private unroutableReason(peer: PeerRecord): string | null {
    if (peer.agentId !== null && peer.agentId === this.opts.selfAgentId) return SELF_REASON;
    if (peer.link === 'failed') return 'connection attempts exhausted';
    if (peer.profile === 'local') return peer.identifiedAt === null ? 'no status yet' : null;
    if (peer.agentId === null || peer.identifiedAt === null) return 'not identified yet';
    if (this.meshTokenHash !== null && peer.meshTokenHash !== this.meshTokenHash) return 'different mesh (token hash mismatch)';
    return null;
  }

  private armEviction(peerId: string): void {
    const t = this.timers.get(peerId);
    if (t !== undefined) this.opts.clock.clearTimeout(t);
    this.timers.set(peerId, this.opts.clock.setTimeout(() => {
      this.timers.delete(peerId);
      this.remove(peerId);
    }, this.evictAfterMs));
  }

  private emit(kind: PeerChange['kind'], p: PeerRecord): void {
    this.opts.onChange?.({ kind, peer: { ...p } });
  }
}

function validRssi(rssi: number | null): number | null {
  return typeof rssi === 'number' && Number.isFinite(rssi) && rssi < 20 && rssi > -128 ? rssi : null;
}
