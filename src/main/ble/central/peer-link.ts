/**
 * One GATT connection to a peer: discovery, identification, notification routing into bounded
 * reassemblers, and the request/response channels (mesh task 0004→0005, ledger 0006⇄0006, Bluetooth
 * Local request→response). Closing it (drop, timeout, stop) releases every buffer and fails every waiter.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import {
  capabilitiesSchema, chunkSizeFor, decodeJsonMessage, encodeFrames, encodeLocalSlices, FrameError, identitySchema,
  ledgerAckSchema, LOCAL_CHAR, LOCAL_SERVICE, LOCAL_SLICE_SPACING_MS, LocalAccumulator, localResponseSchema,
  localStatusSchema, MESH_CHAR, MESH_SERVICE, meshTaskResponseSchema, Reassembler,
} from '../protocol/index.js';
import type { BleProfile, LedgerAck, LocalResponse, LocalStatus, MeshTaskResponse, PeerCapabilities, PeerIdentity } from '../protocol/index.js';
import { LinkLostError, PeerProtocolError } from './central-errors.js';
import { ExchangeChannel } from './exchange-channel.js';
import type { GattOps } from './gatt-ops.js';
import { SerialQueue } from './serial-queue.js';
import type { NobleCharacteristic, NoblePeripheral } from './noble-port.js';

export interface PeerLinkOptions {
  peripheral: NoblePeripheral;
  profile: BleProfile;
  gatt: GattOps;
  /** This connect's deadline (connect-deadline.ts); the GATT connect deadline when absent. */
  connectMs?: number;
  clock: Clock;
  logger: Logger;
  maxMessageBytes: number;
  reassemblyTimeoutMs: number;
  /** Bad peer input: dropped, logged and counted by the service. */
  onBadInput: (code: string, fields: Record<string, unknown>) => void;
  onCapabilities: (caps: PeerCapabilities) => void;
  onStatus: (status: LocalStatus) => void;
  onClosed: (reason: string) => void;
}

export interface LinkIdentification {
  identity?: PeerIdentity;
  capabilities?: PeerCapabilities;
  status?: LocalStatus;
}

export class PeerLink {
  readonly peerId: string;
  lastUsed: number;
  private closed = false;
  /** One outgoing message at a time on this connection (a task and a ledger batch never interleave). */
  private readonly outbound = new SerialQueue();
  /** Settles once the link is really down (noble's disconnect confirmed or its deadline passed). */
  whenDown: Promise<void> = Promise.resolve();
  private chars = new Map<string, NobleCharacteristic>();
  private readonly listeners: Array<() => void> = [];
  private readonly taskFrames: Reassembler;
  private readonly ledgerFrames: Reassembler;
  private readonly localResponse: LocalAccumulator<typeof localResponseSchema>;
  private readonly localStatus: LocalAccumulator<typeof localStatusSchema>;
  readonly task: ExchangeChannel<MeshTaskResponse>;
  readonly ledger: ExchangeChannel<LedgerAck>;
  readonly local: ExchangeChannel<LocalResponse>;

  constructor(private readonly options: PeerLinkOptions) {
    this.peerId = options.peripheral.id;
    this.lastUsed = options.clock.now();
    const drop = (code: string, detail: Record<string, string>): void => options.onBadInput(code, { peerId: this.peerId, ...detail });
    this.task = new ExchangeChannel('mesh task', (m) => m.id, drop);
    this.ledger = new ExchangeChannel('ledger batch', (m) => m.batchId, drop);
    this.local = new ExchangeChannel('local task', (m) => m.id, drop);
    const bounds = { clock: options.clock, maxBytes: options.maxMessageBytes, timeoutMs: options.reassemblyTimeoutMs };
    this.taskFrames = new Reassembler({ ...bounds, onTimeout: (e) => this.streamError(this.task, e) });
    this.ledgerFrames = new Reassembler({ ...bounds, onTimeout: (e) => this.streamError(this.ledger, e) });
    this.localResponse = new LocalAccumulator({ ...bounds, schema: localResponseSchema, what: 'local response', onTimeout: (e) => this.streamError(this.local, e) });
    this.localStatus = new LocalAccumulator({ ...bounds, schema: localStatusSchema, what: 'local status', maxBytes: 4096, onTimeout: (e) => this.bad(e) });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** True while any exchange is running (the link must not be recycled). */
  get busy(): boolean {
    return this.pins > 0 || this.task.inFlight || this.ledger.inFlight || this.local.inFlight;
  }

  private pins = 0;

  /** Keeps the link from being recycled between acquire and the exchange; pair with unpin(). */
  pin(): void {
    this.pins++;
    this.lastUsed = this.options.clock.now();
  }

  unpin(): void {
    this.pins = Math.max(0, this.pins - 1);
  }

  get mtu(): number | null {
    return this.options.peripheral.mtu;
  }

  /** Connects, discovers, identifies and subscribes. Throws (and closes) on any failure. */
  async open(signal: AbortSignal): Promise<LinkIdentification> {
    const { peripheral: p, gatt } = this.options;
    const onDisconnect = (reason?: unknown): void => this.close(`disconnected (${String(reason ?? 'unknown')})`, false);
    p.once('disconnect', onDisconnect);
    this.listeners.push(() => p.removeListener('disconnect', onDisconnect));
    try {
      await gatt.connect(p, signal, this.options.connectMs);
      if (this.options.profile === 'mesh') {
        const c = MESH_CHAR;
        this.chars = await gatt.discover(p, MESH_SERVICE.noble, [c.identity, c.capabilities, c.taskRequest, c.taskResponse, c.ledgerSync].map((u) => u.noble), signal);
        const identity = decodeJsonMessage(identitySchema, await gatt.read(this.peerId, this.char(c.identity.noble), 'identity', signal), 'identity');
        const capabilities = decodeJsonMessage(capabilitiesSchema, await gatt.read(this.peerId, this.char(c.capabilities.noble), 'capabilities', signal), 'capabilities');
        await this.listen(c.taskResponse.noble, 'task response', (d) => this.onFrames(this.taskFrames, this.task, (b) => decodeJsonMessage(meshTaskResponseSchema, b, 'task response'), d), signal);
        await this.listen(c.ledgerSync.noble, 'ledger ack', (d) => this.onFrames(this.ledgerFrames, this.ledger, (b) => decodeJsonMessage(ledgerAckSchema, b, 'ledger ack'), d), signal);
        await this.listen(c.capabilities.noble, 'capabilities', (d) => this.onCapabilityNotification(d), signal);
        return { identity, capabilities };
      }
      const c = LOCAL_CHAR;
      this.chars = await gatt.discover(p, LOCAL_SERVICE.noble, [c.request, c.response, c.status].map((u) => u.noble), signal);
      await this.listen(c.response.noble, 'local response', (d) => this.onLocalResponse(d), signal);
      await this.listen(c.status.noble, 'local status', (d) => this.onStatusSlice(d), signal);
      const status = decodeJsonMessage(localStatusSchema, await gatt.read(this.peerId, this.char(c.status.noble), 'status', signal), 'local status');
      return { status };
    } catch (err) {
      this.close(`open failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  /** Writes one framed message (write with response, chunked to the link's MTU). */
  async sendFramed(charUuid: string, message: Buffer, what: string, signal: AbortSignal): Promise<void> {
    await this.outbound.run(what, signal, async () => {
      const frames = encodeFrames(message, chunkSizeFor(this.options.peripheral.mtu));
      for (const f of frames) await this.write(charUuid, f, what, signal);
    });
  }

  /** Writes Bluetooth Local JSON slices, ≤ 512 bytes and ≤ MTU − 3, spaced by the seed's 10 ms. */
  async sendLocalSlices(message: Buffer, signal: AbortSignal): Promise<void> {
    await this.outbound.run('local request', signal, async () => {
      const slices = encodeLocalSlices(message, chunkSizeFor(this.options.peripheral.mtu));
      for (const [i, s] of slices.entries()) {
        if (i > 0) await new Promise<void>((r) => this.options.clock.setTimeout(r, LOCAL_SLICE_SPACING_MS));
        await this.write(LOCAL_CHAR.request.noble, s, 'local request', signal);
      }
    });
  }

  async updateRssi(): Promise<number> {
    return this.options.gatt.rssi(this.options.peripheral);
  }

  /** Idempotent. Fails waiters with LinkLostError, releases buffers, disconnects (best effort). */
  close(reason: string, disconnect = true): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.listeners.splice(0)) off();
    for (const r of [this.taskFrames, this.ledgerFrames, this.localResponse, this.localStatus]) r.reset();
    const err = new LinkLostError(this.peerId, reason);
    for (const ch of [this.task, this.ledger, this.local]) ch.close(err);
    if (disconnect) this.whenDown = this.options.gatt.disconnect(this.options.peripheral);
    this.options.logger.log('info', 'ble.link.closed', { peerId: this.peerId, reason });
    this.options.onClosed(reason);
  }

  private async write(charUuid: string, data: Buffer, what: string, signal: AbortSignal): Promise<void> {
    if (this.closed) throw new LinkLostError(this.peerId, 'closed');
    this.lastUsed = this.options.clock.now();
    try {
      await this.options.gatt.write(this.peerId, this.char(charUuid), data, what, signal);
    } catch (err) {
      // A write that never settles means the link is gone (noble reports nothing): start clean.
      this.close(`write of ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  private char(uuid: string): NobleCharacteristic {
    const c = this.chars.get(uuid);
    if (!c) throw new PeerProtocolError(this.peerId, 'missing-characteristic', `characteristic ${uuid} not discovered`);
    return c;
  }

  private async listen(uuid: string, what: string, fn: (data: Buffer) => void, signal: AbortSignal): Promise<void> {
    const c = this.char(uuid);
    const handler = (data: Buffer, isNotification: boolean): void => {
      if (isNotification && !this.closed) fn(data);
    };
    c.on('data', handler);
    this.listeners.push(() => c.removeListener('data', handler));
    await this.options.gatt.subscribe(this.peerId, c, what, signal);
  }

  private onFrames<T>(reassembler: Reassembler, channel: ExchangeChannel<T>, decode: (bytes: Buffer) => T, frame: Buffer): void {
    try {
      const message = reassembler.push(frame);
      if (message) channel.deliver(decode(message));
    } catch (err) {
      this.streamError(channel, err);
    }
  }

  private onLocalResponse(slice: Buffer): void {
    try {
      const m = this.localResponse.push(slice);
      if (m) this.local.deliver(m);
    } catch (err) {
      // A late answer to an earlier request: drop it and keep waiting, as on the mesh profile.
      if (err instanceof FrameError && err.code === 'unexpected-id') return this.bad(err);
      this.streamError(this.local, err);
    }
  }

  /** Expect the next local response to carry `id`. */
  expectLocal(id: string): void {
    this.localResponse.expect(id);
  }

  private onStatusSlice(slice: Buffer): void {
    try {
      const s = this.localStatus.push(slice);
      if (s) this.options.onStatus(s);
    } catch (err) {
      this.bad(err);
    }
  }

  private onCapabilityNotification(data: Buffer): void {
    try {
      this.options.onCapabilities(decodeJsonMessage(capabilitiesSchema, data, 'capabilities'));
    } catch {
      // A notification is cut at MTU − 3; a (long) read gets the whole value.
      this.options.gatt.read(this.peerId, this.char(MESH_CHAR.capabilities.noble), 'capabilities').then(
        (full) => this.options.onCapabilities(decodeJsonMessage(capabilitiesSchema, full, 'capabilities')),
        (err: unknown) => this.bad(err),
      ).catch((err: unknown) => this.bad(err));
    }
  }

  private streamError<T>(ch: ExchangeChannel<T>, err: unknown): void {
    this.bad(err);
    ch.fail(err instanceof FrameError ? new PeerProtocolError(this.peerId, err.code, err.message) : err);
  }

  private bad(err: unknown): void {
    const code = err instanceof FrameError || err instanceof PeerProtocolError ? err.code : 'error';
    this.options.onBadInput(code, { peerId: this.peerId, message: err instanceof Error ? err.message : String(err) });
  }
}
