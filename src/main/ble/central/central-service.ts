/**
 * BLE central (noble): scans both profiles when asked, identifies peers over a bounded pool of
 * connections, keeps the peer table fresh (advertisements, RSSI polls, capability notifications,
 * 60 s eviction) and hands task / ledger / Bluetooth Local exchanges to CentralExchanges.
 */
import { defaultBackoff } from '../../core/backoff.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import { profileOfService } from '../protocol/index.js';
import type { LedgerAck, LedgerBatch, LocalResponse, MeshTaskRequestInput, MeshTaskResponse } from '../protocol/index.js';
import { PeerUnknownError } from './central-errors.js';
import { CentralExchanges } from './central-exchanges.js';
import { connectDeadlineMs, DEFAULT_QUIET_CONNECT, LinkLosses } from './connect-deadline.js';
import { ConnectionPool } from './connection-pool.js';
import { BadInputLog } from './bad-input-log.js';
import type { BleCentralOptions, CentralState, CentralStatus, PeerChangeListener, SendOptions } from './central-types.js';
import { defaultGattDeadlines, GattOps } from './gatt-ops.js';
import { describeLoadError, loadSystemNoble } from './noble-port.js';
import type { NobleLike, NoblePeripheral } from './noble-port.js';
import { PeerLink } from './peer-link.js';
import { PeerTable, SELF_REASON } from './peer-table.js';
import type { PeerRecord } from './peer-table.js';
import { ReconnectScheduler } from './reconnect-scheduler.js';
import { RssiPoller } from './rssi-poller.js';
import { ScanControl } from './scan-control.js';

export class BleCentralService implements Service {
  readonly name = 'ble-central';
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly table: PeerTable;
  private readonly reconnect: ReconnectScheduler;
  private readonly pool: ConnectionPool;
  private readonly listeners = new Set<PeerChangeListener>();
  private readonly peripherals = new Map<string, NoblePeripheral>();
  private readonly badInput: BadInputLog;
  private noble: NobleLike | null = null;
  private state: CentralState = { kind: 'stopped' };
  private readonly scan: ScanControl;
  private readonly rssi: RssiPoller;
  private readonly exchanges: CentralExchanges;
  private readonly detach: Array<() => void> = [];
  private readonly losses = new LinkLosses();

  constructor(private readonly options: BleCentralOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? silentLogger).child('ble-central');
    this.badInput = new BadInputLog(this.clock, this.log);
    this.rssi = new RssiPoller(this.clock, options.rssiIntervalMs ?? 5_000, () => this.pool.openLinks(), (peerId, rssi) => {
      const profile = this.table.get(peerId)?.profile;
      if (profile) this.table.seen(peerId, profile, rssi);
    });
    this.table = new PeerTable({
      clock: this.clock,
      evictAfterMs: options.evictAfterMs,
      meshTokenHash: options.meshTokenHash ?? null,
      selfAgentId: options.selfAgentId ?? null,
      onChange: (change) => {
        if (change.kind === 'evicted') this.forget(change.peer.peerId);
        for (const l of this.listeners) {
          try {
            l(change);
          } catch (err) {
            this.log.log('error', 'ble.listener.threw', { error: err instanceof Error ? err.message : String(err) });
          }
        }
      },
    });
    this.reconnect = new ReconnectScheduler({
      clock: this.clock,
      policy: options.backoff ?? defaultBackoff,
      random: options.random,
      attempt: (peerId) => this.pool.identify(peerId),
      ...(options.retryGivenUpAfterMs !== undefined ? { retryAfterGiveUpMs: options.retryGivenUpAfterMs } : {}),
      onGiveUp: (peerId, attempts) => {
        this.log.log('warn', 'ble.reconnect.gave-up', { peerId, attempts });
        this.table.setLink(peerId, 'failed');
      },
    });
    const gatt = new GattOps(this.clock, { ...defaultGattDeadlines, ...options.gattDeadlines });
    this.pool = new ConnectionPool({
      max: options.maxConnections ?? 3,
      createLink: (peerId, onClosed) => {
        const peripheral = this.peripherals.get(peerId);
        const rec = this.table.get(peerId);
        if (!peripheral || !rec) throw new PeerUnknownError(peerId);
        const connectMs = connectDeadlineMs({ scanning: this.scan.scanning, lastSeen: rec.lastSeen, linkLostAt: this.losses.lastLoss(peerId), now: this.clock.now() },
          { ...DEFAULT_QUIET_CONNECT, ...options.quietConnect, fullMs: gatt.ms.connectMs });
        return new PeerLink({
          peripheral, profile: rec.profile, gatt, connectMs, clock: this.clock, logger: this.log,
          maxMessageBytes: options.maxMessageBytes ?? 256 * 1024, reassemblyTimeoutMs: options.reassemblyTimeoutMs ?? 10_000,
          onBadInput: (code, fields) => this.badInput.record(code, fields),
          onCapabilities: (caps) => this.table.setCapabilities(peerId, caps),
          onStatus: (status) => this.table.setLocalStatus(peerId, status),
          onClosed,
        });
      },
      onOpened: (peerId, ident) => {
        if (ident.identity) this.table.setIdentity(peerId, ident.identity);
        if (ident.capabilities) this.table.setCapabilities(peerId, ident.capabilities);
        if (ident.status) this.table.setLocalStatus(peerId, ident.status);
        this.table.setLink(peerId, 'connected');
        this.table.seen(peerId, this.table.get(peerId)?.profile ?? 'mesh', null);
        this.reconnect.succeeded(peerId);
        // A peer of another mesh is listed (flagged) but must not hold one of the few connection slots;
        // nor may our own peripheral, which a held connection would keep from serving anyone else.
        const reason = this.table.get(peerId)?.notRoutableReason;
        if (reason?.startsWith('different mesh')) queueMicrotask(() => this.pool.release(peerId, 'another mesh'));
        if (reason === SELF_REASON) queueMicrotask(() => this.pool.release(peerId, 'own peripheral'));
      },
      onOpenFailed: (peerId, err) => {
        this.log.log('warn', 'ble.identify.failed', { peerId, error: err instanceof Error ? err.message : String(err) });
        if (!this.table.get(peerId)) return;
        this.table.setLink(peerId, 'idle');
        this.reconnect.failed(peerId);
      },
      onClosed: (peerId, unexpected) => {
        if (unexpected) this.losses.lost(peerId, this.clock.now());
        if (!this.table.get(peerId)) return;
        this.table.setLink(peerId, 'idle');
        if (unexpected && this.state.kind === 'ready') this.reconnect.failed(peerId);
      },
      isBadInput: (err) => this.badInput.record((err as { code?: string }).code ?? 'error', { message: err instanceof Error ? err.message : String(err) }),
    });
    this.scan = new ScanControl({ clock: this.clock, log: this.log, noble: () => this.noble, ready: () => this.state.kind === 'ready' });
    this.exchanges = new CentralExchanges({
      clock: this.clock, table: this.table, pool: this.pool, state: () => this.state,
      defaultTimeoutMs: options.defaultTimeoutMs, newId: options.newId,
    });
  }

  async start(): Promise<void> {
    if (this.state.kind !== 'stopped' && this.state.kind !== 'unavailable') return;
    this.state = { kind: 'starting' };
    let noble: NobleLike;
    try {
      noble = await (this.options.nobleFactory ?? loadSystemNoble)();
    } catch (err) {
      this.state = { kind: 'unavailable', reason: describeLoadError(err) };
      this.log.log('warn', 'ble.central.unavailable', { reason: this.state.reason });
      return;
    }
    this.noble = noble;
    const onState = (s: string): void => this.onAdapterState(s);
    const onDiscover = (p: NoblePeripheral): void => this.onDiscover(p);
    noble.on('stateChange', onState);
    const onScanStop = (): void => this.scan.stoppedByNoble();
    noble.on('discover', onDiscover);
    noble.on('scanStop', onScanStop);
    this.detach.push(() => noble.removeListener('stateChange', onState), () => noble.removeListener('discover', onDiscover),
      () => noble.removeListener('scanStop', onScanStop));
    this.onAdapterState(noble.state);
    this.rssi.start();
  }

  async stop(): Promise<void> {
    await this.scan.halt();
    this.rssi.stop();
    for (const off of this.detach.splice(0)) off();
    this.reconnect.clear();
    this.pool.closeAll('central stopped');
    this.table.clear();
    this.peripherals.clear();
    this.noble = null;
    if (this.state.kind !== 'unavailable') this.state = { kind: 'stopped' };
  }

  /** The mode service turns scanning on in Bluetooth Local / mesh fallback, off otherwise. */
  async setScanning(on: boolean): Promise<void> {
    await this.scan.set(on);
  }

  setMeshTokenHash(hash: string | null): void {
    this.table.setMeshTokenHash(hash);
  }

  onPeerChange(listener: PeerChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  peers(): PeerRecord[] {
    return this.table.list();
  }

  /** Closes the connection to a peer (it stays in the table): for a node that connects only to exchange. */
  release(peerId: string, reason = 'released'): void {
    this.pool.release(peerId, reason);
  }

  status(): CentralStatus {
    return {
      state: { ...this.state }, scanRequested: this.scan.requested, scanning: this.scan.scanning,
      connections: this.pool.size, maxConnections: this.pool.max, peers: this.table.list(),
      dropped: this.badInput.counters(), recentDrops: this.badInput.latest(),
      reconnectsScheduled: this.table.list().filter((p) => this.reconnect.isScheduled(p.peerId)).length,
    };
  }

  /** Runs a task on a mesh peer: framed write to 0004, response reassembled from 0005 with the same id. */
  async sendTask(peerId: string, request: MeshTaskRequestInput, opts: SendOptions = {}): Promise<MeshTaskResponse> {
    return this.exchanges.task(peerId, request, opts);
  }

  /** Sends a ledger batch over 0006 and waits for the acknowledgement notification with the same batchId. */
  async sendLedgerBatch(peerId: string, batch: LedgerBatch, opts: SendOptions = {}): Promise<LedgerAck> {
    return this.exchanges.ledgerBatch(peerId, batch, opts);
  }

  /** Runs a prompt on a Bluetooth Local iPhone: JSON slices to …0002, response from …0003 matched by id. */
  async sendLocalTask(peerId: string, request: { prompt: string; maxTokens?: number; id?: string }, opts: SendOptions = {}): Promise<LocalResponse> {
    return this.exchanges.localTask(peerId, request, opts);
  }

  private onAdapterState(s: string): void {
    if (!this.noble) return;
    if (s === 'poweredOn') {
      this.state = { kind: 'ready' };
      void this.scan.apply();
    } else {
      this.state = { kind: 'adapter-off', adapterState: s };
      this.scan.adapterOff();
      this.pool.closeAll(`adapter ${s}`);
    }
    this.log.log('info', 'ble.central.state', { state: s });
  }

  private onDiscover(peripheral: NoblePeripheral): void {
    const profile = (peripheral.advertisement.serviceUuids ?? []).map(profileOfService).find((x) => x !== null);
    if (!profile) return;
    this.peripherals.set(peripheral.id, peripheral);
    const isNew = this.table.seen(peripheral.id, profile, peripheral.rssi, peripheral.advertisement.localName ?? null);
    const rec = this.table.get(peripheral.id);
    if (isNew) return this.pool.identify(peripheral.id);
    if (rec?.link === 'failed' && this.reconnect.retryDue(peripheral.id)) { // advertising well after attempts ran out: start over
      this.reconnect.forget(peripheral.id);
      this.table.setLink(peripheral.id, 'idle');
      return this.pool.identify(peripheral.id);
    }
    if (!rec || rec.link !== 'idle' || this.reconnect.isScheduled(peripheral.id) || rec.notRoutableReason === SELF_REASON) return;
    // Unidentified after a failure, or identified long ago (load and battery go stale while disconnected).
    const stale = rec.identifiedAt === null || this.clock.now() - rec.identifiedAt >= (this.options.refreshAfterMs ?? 30_000);
    if (stale) this.pool.identify(peripheral.id);
  }

  private forget(peerId: string): void {
    this.reconnect.forget(peerId);
    this.losses.forget(peerId);
    this.pool.forget(peerId, 'evicted');
    this.peripherals.delete(peerId);
  }
}
