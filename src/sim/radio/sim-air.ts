import { systemClock } from '../../main/core/clock.js';
import type { Clock, TimerHandle } from '../../main/core/clock.js';
import { silentLogger } from '../../main/core/logger.js';
import type { Logger } from '../../main/core/logger.js';
import { REASON_CONNECTION_TIMEOUT, REASON_LOCAL_HOST_TERMINATED } from './hci-codes.js';
import { deliverAdvertisingReports } from './advertising-reports.js';
import type { ConnParams } from './hci-codes.js';
import { VirtualController } from './virtual-controller.js';
import { mulberry32 } from './sim-types.js';
import type { AirLinks, AttachableAir, HostSink, LinkQuality, SimPort } from './sim-types.js';

export { mulberry32 } from './sim-types.js';
export type { AttachableAir, LinkQuality, SimPort } from './sim-types.js';

export interface SimAirOptions {
  clock?: Clock;
  /** Seed for packet loss decisions (mulberry32); ignored when `random` is given. */
  seed?: number;
  random?: () => number;
  /** Advertising report period, ms (default 20). */
  advIntervalMs?: number;
  /** RSSI between any two controllers unless set with setRssi (default -50). */
  defaultRssi?: number;
  logger?: Logger;
}

type Ref = VirtualController | string | number;

const pairKey = (a: VirtualController, b: VirtualController): string => (a.devId < b.devId ? `${a.devId}/${b.devId}` : `${b.devId}/${a.devId}`);

/**
 * The simulated air: a registry of virtual LE controllers in one process, the radio between them
 * (advertising reports, connections, ACL forwarding with flow control, RSSI, loss/delay) and the
 * faults tests inject (link drop, power off).
 */
export class SimAir implements AirLinks, AttachableAir {
  readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly controllers = new Map<number, VirtualController>();
  private readonly rssi = new Map<string, number | null>();
  private readonly deviceRssi = new Map<number, number>();
  private readonly quality = new Map<string, LinkQuality>();
  private readonly advIntervalMs: number;
  private readonly defaultRssi: number;
  private timer: TimerHandle | null = null;
  private tap: ((ctrl: VirtualController, dir: 'tx' | 'rx', packet: Buffer) => void) | null = null;
  private nextDevId = 0;
  private closed = false;

  constructor(opts: SimAirOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? mulberry32(opts.seed ?? 1);
    this.log = (opts.logger ?? silentLogger).child('sim-air');
    this.advIntervalMs = opts.advIntervalMs ?? 20;
    this.defaultRssi = opts.defaultRssi ?? -50;
    this.schedule();
  }

  /** Adds a powered-on controller. Address defaults to c0:de:5e:00:00:<devId>. */
  createController(opts: { address?: string; devId?: number } = {}): VirtualController {
    const devId = opts.devId ?? this.nextDevId;
    if (this.controllers.has(devId)) throw new Error(`sim air: controller ${devId} exists`);
    this.nextDevId = Math.max(this.nextDevId, devId + 1);
    const hex = devId.toString(16).padStart(4, '0');
    const address = (opts.address ?? `c0:de:5e:00:${hex.slice(0, 2)}:${hex.slice(2)}`).toLowerCase();
    const ctrl = new VirtualController(devId, address, this, this.log);
    this.controllers.set(devId, ctrl);
    return ctrl;
  }

  controller(ref: Ref): VirtualController {
    if (ref instanceof VirtualController) return ref;
    const found = typeof ref === 'number' ? this.controllers.get(ref) : [...this.controllers.values()].find((c) => c.address === ref.toLowerCase());
    if (!found) throw new Error(`sim air: no controller ${String(ref)}`);
    return found;
  }

  list(): VirtualController[] {
    return [...this.controllers.values()];
  }

  /** RSSI seen between two controllers, both ways; null = out of range (not heard, cannot connect). */
  setRssi(a: Ref, b: Ref, rssi: number | null): void {
    this.rssi.set(pairKey(this.controller(a), this.controller(b)), rssi);
  }

  /**
   * RSSI of a device towards every controller without a pair value (also ones created later), e.g. how
   * far a simulated phone is from everybody. With two device values the weaker applies.
   */
  setDeviceRssi(ref: Ref, rssi: number): void {
    this.deviceRssi.set(this.controller(ref).devId, rssi);
  }

  /** The value setDeviceRssi gave this device (the air's default when none). */
  deviceRssiOf = (ref: Ref): number => this.deviceRssi.get(this.controller(ref).devId) ?? this.defaultRssi;

  setLinkQuality(a: Ref, b: Ref, q: Partial<LinkQuality>): void {
    const key = pairKey(this.controller(a), this.controller(b));
    this.quality.set(key, { lossProbability: 0, delayMs: 0, ...this.quality.get(key), ...q });
  }

  /** Power off: peers see Disconnection Complete (0x08), the host sees isDevUp() false and write errors. */
  setPowered(ref: Ref, on: boolean): void {
    const ctrl = this.controller(ref);
    if (ctrl.powered === on) return;
    if (!on) {
      for (const [handle, end] of [...ctrl.links]) {
        ctrl.linkDown(handle, REASON_CONNECTION_TIMEOUT, false);
        end.peer.linkDown(end.peerHandle, REASON_CONNECTION_TIMEOUT);
      }
    }
    ctrl.powered = on;
    ctrl.resetState();
  }

  /** Drops every link between a and b as a supervision timeout (reason 0x08) on both sides. */
  dropLink(a: Ref, b: Ref): number {
    const ca = this.controller(a);
    const cb = this.controller(b);
    let dropped = 0;
    for (const [handle, end] of [...ca.links]) {
      if (end.peer !== cb) continue;
      ca.linkDown(handle, REASON_CONNECTION_TIMEOUT);
      cb.linkDown(end.peerHandle, REASON_CONNECTION_TIMEOUT);
      dropped++;
    }
    return dropped;
  }

  attach(devId: number | undefined, sink: HostSink): SimPort {
    let ctrl: VirtualController | undefined;
    if (devId === undefined) ctrl = this.list().find((c) => !c.attached) ?? this.createController();
    else ctrl = this.controllers.get(devId);
    if (!ctrl) throw Object.assign(new Error(`No such device: hci${devId}`), { code: 'ENODEV' });
    const c = ctrl;
    c.attach(sink);
    return {
      devId: c.devId,
      isUp: () => c.powered,
      write: (packet) => c.write(packet),
      setFilter: (filter) => c.setFilter(filter),
      detach: () => c.attach(null),
    };
  }

  deviceList(): Array<{ devId: number; devUp: boolean }> {
    return this.list().map((c) => ({ devId: c.devId, devUp: c.powered }));
  }

  /** Sees every packet between any host and its controller (one tap at a time; null removes it). */
  setCaptureTap(tap: ((ctrl: VirtualController, dir: 'tx' | 'rx', packet: Buffer) => void) | null): void {
    this.tap = tap;
  }

  capture(ctrl: VirtualController, dir: 'tx' | 'rx', packet: Buffer): void {
    this.tap?.(ctrl, dir, packet);
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  // ---- AirLinks: called by controllers ----

  tryConnect(initiator: VirtualController): void {
    const address = initiator.pendingConnect;
    if (!address || !initiator.powered) return;
    const target = this.list().find((c) => c.address === address);
    if (!target || target === initiator || !target.powered || !target.adv.enabled || target.adv.type > 1) return;
    if (this.rssiBetween(initiator, target) === null) return;
    initiator.pendingConnect = null;
    const params: ConnParams = { intervalUnits: 0x18, latency: 0, timeoutUnits: 0x48 };
    const hc = initiator.allocHandle();
    const hp = target.allocHandle();
    initiator.linkUp({ handle: hc, role: 0, peer: target, peerHandle: hp, params });
    target.linkUp({ handle: hp, role: 1, peer: initiator, peerHandle: hc, params: { ...params } });
    this.log.log('debug', 'link.up', { central: initiator.address, peripheral: target.address });
  }

  transmit(from: VirtualController, handle: number, packet: Buffer): void {
    const end = from.links.get(handle);
    if (!end) return;
    const q = this.quality.get(pairKey(from, end.peer));
    const pb = (packet.readUInt16LE(1) >> 12) & 0x3;
    const out = Buffer.from(packet);
    out.writeUInt16LE(end.peerHandle | ((pb === 0 ? 0x2 : pb) << 12), 1); // host start (00) arrives as start (10)
    const lost = q !== undefined && q.lossProbability > 0 && this.random() < q.lossProbability;
    const deliver = (): void => {
      const still = end.peer.links.get(end.peerHandle);
      if (!lost && still?.peer === from) end.peer.toHost(out);
      from.completed(handle);
    };
    if (q && q.delayMs > 0) this.clock.setTimeout(deliver, q.delayMs);
    else deliver();
  }

  disconnect(from: VirtualController, handle: number, reason: number): void {
    const end = from.links.get(handle);
    if (!end) return;
    from.linkDown(handle, REASON_LOCAL_HOST_TERMINATED);
    end.peer.linkDown(end.peerHandle, reason);
  }

  updateConnection(from: VirtualController, handle: number, params: ConnParams): void {
    const end = from.links.get(handle);
    if (!end) return;
    from.connUpdated(handle, params);
    end.peer.connUpdated(end.peerHandle, { ...params });
  }

  linkRssi(from: VirtualController, handle: number): number | null {
    const end = from.links.get(handle);
    return end ? (this.rssiBetween(from, end.peer) ?? -127) : null;
  }

  advertisingChanged(ctrl: VirtualController): void {
    if (!ctrl.adv.enabled) return;
    for (const c of this.list()) if (c.pendingConnect === ctrl.address) this.tryConnect(c);
  }

  private rssiBetween(a: VirtualController, b: VirtualController): number | null {
    const v = this.rssi.get(pairKey(a, b));
    if (v !== undefined) return v;
    const da = this.deviceRssi.get(a.devId);
    const db = this.deviceRssi.get(b.devId);
    if (da === undefined && db === undefined) return this.defaultRssi;
    return Math.min(da ?? Infinity, db ?? Infinity);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.tick();
      this.schedule();
    }, this.advIntervalMs);
  }

  /** One advertising interval: pending connections retried, reports to every scanner. */
  private tick(): void {
    const all = this.list();
    for (const scanner of all) {
      if (scanner.pendingConnect) this.tryConnect(scanner);
      deliverAdvertisingReports(scanner, all, (a, b) => this.rssiBetween(a, b));
    }
  }
}
