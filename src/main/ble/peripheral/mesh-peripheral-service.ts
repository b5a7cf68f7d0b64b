import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import { capabilitiesSchema, identitySchema } from '../protocol/mesh-schemas.js';
import type { PeerCapabilities, PeerIdentity } from '../protocol/mesh-schemas.js';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_REASSEMBLY_TIMEOUT_MS } from '../protocol/reassembler.js';
import { MESH_SERVICE } from '../protocol/uuids.js';
import type { z } from 'zod';
import { defaultBlenoSource, tryLoadBleno } from './bleno-loader.js';
import type { Bleno } from './bleno-loader.js';
import { CentralSession } from './central-session.js';
import { buildMeshService, fitName } from './mesh-gatt.js';
import { MeshExchange } from './mesh-exchange.js';
import { copyCounters, countBadFrame, emptyCounters } from './peripheral-counters.js';
import type { MeshPeripheralOptions, PeripheralState, PeripheralStatus } from './peripheral-types.js';

export type { MeshPeripheralOptions, PeripheralState, PeripheralStatus } from './peripheral-types.js';

/** Scan response: 31 bytes − length − type byte. The 128-bit service UUID fills 21 of the 31 advertising bytes. */
const MAX_NAME_BYTES = 29;

/**
 * The mesh GATT server (bleno): advertises the mesh service, serves identity and capabilities, runs
 * framed task requests through the injected handler and notifies framed responses and ledger acks.
 */
export class MeshPeripheralService implements Service {
  readonly name = 'ble-peripheral';
  private readonly limits: Required<Pick<MeshPeripheralOptions, 'taskTimeoutMs' | 'ledgerTimeoutMs' | 'startTimeoutMs' | 'maxRequestBytes' | 'reassemblyTimeoutMs'>>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly exchange: MeshExchange;
  private counters = emptyCounters();
  private state: PeripheralState = { kind: 'stopped' };
  private identity: PeerIdentity;
  private capabilities: PeerCapabilities;
  private bleno: Bleno | null = null;
  private loaded: Bleno | null = null;
  private session: CentralSession | null = null;
  private listeners: Array<[string, (...args: never[]) => void]> = [];
  private readonly stateWaiters = new Set<() => void>();

  constructor(private readonly opts: MeshPeripheralOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child('ble-peripheral');
    this.identity = identitySchema.parse(opts.identity);
    this.capabilities = capabilitiesSchema.parse(opts.capabilities);
    this.limits = {
      taskTimeoutMs: opts.taskTimeoutMs ?? 120_000,
      ledgerTimeoutMs: opts.ledgerTimeoutMs ?? 10_000,
      startTimeoutMs: opts.startTimeoutMs ?? 10_000,
      maxRequestBytes: opts.maxRequestBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      reassemblyTimeoutMs: opts.reassemblyTimeoutMs ?? DEFAULT_REASSEMBLY_TIMEOUT_MS,
    };
    this.exchange = new MeshExchange({
      clock: this.clock, log: this.log, counters: this.counters, taskHandler: opts.taskHandler, ledgerHandler: opts.ledgerHandler,
      taskTimeoutMs: this.limits.taskTimeoutMs, ledgerTimeoutMs: this.limits.ledgerTimeoutMs,
    });
  }

  status(): PeripheralStatus {
    return { state: this.state, central: this.session?.central ?? null, taskInFlight: !!this.session?.task, counters: copyCounters(this.counters) };
  }

  /** Loads bleno and starts advertising. Never throws: failures become state 'unavailable' / 'error'. */
  async start(): Promise<void> {
    if (this.state.kind !== 'stopped') return;
    // bleno is a process singleton: load it once and reuse it across stop/start.
    const loaded = this.loaded ? { ok: true as const, bleno: this.loaded } : tryLoadBleno(this.opts.bleno ?? defaultBlenoSource);
    if (!loaded.ok) {
      this.setState({ kind: 'unavailable', reason: loaded.reason });
      this.log.log('warn', 'unavailable', { reason: loaded.reason });
      return;
    }
    const bleno = (this.bleno = this.loaded = loaded.bleno);
    this.setState({ kind: 'starting' });
    try {
      // The real bleno opens and binds its HCI socket when the first 'stateChange' listener is added.
      this.on('stateChange', (s: string) => this.onAdapterState(s));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.setState({ kind: 'unavailable', reason });
      this.log.log('warn', 'unavailable', { reason });
      return;
    }
    this.on('advertisingStart', (err?: Error | null) => (err ? this.fail('advertising', err) : this.setState({ kind: 'advertising' })));
    this.on('advertisingStartError', (err: Error) => this.fail('advertising', err));
    this.on('servicesSetError', (err: Error) => this.fail('services', err));
    this.on('accept', (address: string) => this.onAccept(address));
    this.on('disconnect', (address: string) => this.onDisconnect(address));
    if ((bleno as unknown as { state?: string }).state === 'poweredOn') this.onAdapterState('poweredOn');
    await new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.stateWaiters.delete(check);
        if (this.state.kind === 'starting') this.setState({ kind: 'waiting', reason: `adapter ${(bleno as unknown as { state?: string }).state ?? 'unknown'}` });
        resolve();
      }, this.limits.startTimeoutMs);
      const check = (): void => {
        if (['advertising', 'error', 'unavailable', 'stopped'].includes(this.state.kind)) {
          this.clock.clearTimeout(timer);
          this.stateWaiters.delete(check);
          resolve();
        }
      };
      this.stateWaiters.add(check);
      check();
    });
  }

  async stop(): Promise<void> {
    const bleno = this.bleno;
    this.closeSession();
    if (bleno) {
      const emitter = bleno as unknown as NodeJS.EventEmitter;
      for (const [event, fn] of this.listeners) emitter.removeListener(event, fn as (...args: unknown[]) => void);
      try {
        bleno.stopAdvertising();
        bleno.disconnect();
      } catch (err) {
        this.log.log('debug', 'stop.ignored', { error: String(err) });
      }
    }
    this.listeners = [];
    this.bleno = null;
    this.setState({ kind: 'stopped' });
  }

  /** A new identity (e.g. the mesh token learned at the first registration): served on the next read of 0002. */
  updateIdentity(next: z.input<typeof identitySchema>): void {
    this.identity = identitySchema.parse(next);
  }

  /** What the capabilities characteristic serves now. */
  get currentCapabilities(): PeerCapabilities {
    return { ...this.capabilities };
  }

  /** New capabilities (battery, load): served on read, and notified to a subscribed central if it fits. */
  updateCapabilities(next: z.input<typeof capabilitiesSchema>): void {
    this.capabilities = capabilitiesSchema.parse(next);
    const sub = this.session?.capabilitiesSub;
    if (!sub) return;
    const bytes = this.capabilitiesBytes();
    if (bytes.length <= sub.maxValueSize) sub.update(bytes);
    else this.log.log('info', 'capabilities.not_notified', { bytes: bytes.length, maxValueSize: sub.maxValueSize });
  }

  private capabilitiesBytes(): Buffer {
    return Buffer.from(JSON.stringify(this.capabilities));
  }

  private on(event: string, fn: (...args: never[]) => void): void {
    this.listeners.push([event, fn]);
    (this.bleno as unknown as NodeJS.EventEmitter | null)?.on(event, fn as (...args: unknown[]) => void);
  }

  private setState(s: PeripheralState): void {
    this.state = s;
    for (const w of [...this.stateWaiters]) w();
  }

  private fail(what: string, err: Error): void {
    this.log.log('error', `${what}.failed`, { error: err.message });
    this.setState({ kind: 'error', reason: `${what}: ${err.message}` });
  }

  private onAdapterState(s: string): void {
    const bleno = this.bleno;
    if (!bleno || this.state.kind === 'stopped') return;
    if (s !== 'poweredOn') {
      this.closeSession();
      this.setState(s === 'unsupported' || s === 'unauthorized' ? { kind: 'unavailable', reason: `adapter ${s}` } : { kind: 'waiting', reason: `adapter ${s}` });
      return;
    }
    const service = buildMeshService(bleno, {
      identity: () => Buffer.from(JSON.stringify(this.identity)),
      capabilities: () => this.capabilitiesBytes(),
      subscribe: (which, sub) => {
        const session = this.session;
        if (!session) return;
        if (which === 'capabilities') session.capabilitiesSub = sub;
        else if (which === 'response') session.responseSub = sub;
        else session.ledgerSub = sub;
      },
      taskRequestWrite: (data) => this.withSession((s) => this.exchange.requestFrame(s, data)),
      ledgerWrite: (data) => this.withSession((s) => this.exchange.ledgerFrame(s, data)),
    });
    bleno.setServices([service], (err?: Error | null) => {
      if (err) return this.fail('services', err);
      try {
        bleno.startAdvertising(fitName(this.opts.name ?? 'EdgeCoder', MAX_NAME_BYTES), [MESH_SERVICE.noble]);
      } catch (e) {
        this.fail('advertising', e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  private withSession(fn: (s: CentralSession) => void): void {
    if (this.session) fn(this.session);
    else countBadFrame(this.counters, 'invalid-message');
  }

  private onAccept(central: string): void {
    this.closeSession();
    this.counters.connections++;
    this.session = new CentralSession(central, {
      clock: this.clock,
      maxRequestBytes: this.limits.maxRequestBytes,
      maxLedgerBytes: this.limits.maxRequestBytes,
      reassemblyTimeoutMs: this.limits.reassemblyTimeoutMs,
      onReassemblyTimeout: (err) => {
        countBadFrame(this.counters, err.code);
        this.log.log('warn', 'frame.timeout', { central, error: err.message });
      },
    });
    this.log.log('info', 'central.connected', { central });
  }

  private onDisconnect(central: string): void {
    if (this.session?.central !== central) return;
    this.counters.disconnects++;
    this.closeSession();
    this.log.log('info', 'central.disconnected', { central });
  }

  private closeSession(): void {
    this.session?.close();
    this.session = null;
  }
}
