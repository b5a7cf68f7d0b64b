import {
  OP, PKT_ACL, PKT_COMMAND, PKT_EVENT, STATUS_COMMANDS, STATUS_COMMAND_DISALLOWED, STATUS_OK, STATUS_UNKNOWN_CONNECTION,
  REASON_LOCAL_HOST_TERMINATED, addressFromWire, addressToWire, commandComplete, commandStatus, disconnectionComplete,
  leConnComplete, leConnUpdateComplete, numCompletedPackets,
} from './hci-codes.js';
import type { ConnParams } from './hci-codes.js';
import type { AirLinks, HostSink, LinkEnd } from './sim-types.js';

export type { AirLinks, HostSink, LinkEnd } from './sim-types.js';
import type { Logger } from '../../main/core/logger.js';

/** LE ACL buffer the controller reports (LE Read Buffer Size): 27 bytes × 8 packets. */
export const LE_ACL_MTU = 27;
export const LE_ACL_PACKETS = 8;

/**
 * One simulated LE controller: answers the HCI commands noble and bleno send, keeps advertising /
 * scanning / initiating state, and hands links and ACL traffic to the air.
 */
export class VirtualController {
  powered = true;
  adv = { enabled: false, type: 0, data: Buffer.alloc(0), scanRsp: Buffer.alloc(0) };
  scan = { enabled: false, active: true, filterDuplicates: false, seen: new Set<string>() };
  /** Address the host asked LE Create Connection for, until connected or cancelled. */
  pendingConnect: string | null = null;
  readonly links = new Map<number, LinkEnd>();
  /** Unknown opcodes seen, for logs and tests. */
  readonly unknownCommands = new Set<number>();
  private host: HostSink | null = null;
  private filter: { types: number; events1: number; events2: number } | null = null;
  private nextHandle = 0x40;
  private readonly failures = new Map<number, { status: number; times: number }>();

  constructor(readonly devId: number, readonly address: string, private readonly air: AirLinks, private readonly log: Logger) {}

  get attached(): boolean {
    return this.host !== null;
  }

  attach(host: HostSink | null): void {
    this.host = host;
  }

  /** HCI socket filter (hci_filter: type mask u32, event mask u32 × 2, opcode u16). */
  setFilter(raw: Buffer): void {
    if (raw.length < 12) return;
    this.filter = { types: raw.readUInt32LE(0), events1: raw.readUInt32LE(4), events2: raw.readUInt32LE(8) };
  }

  /** Next `times` occurrences of `opcode` are answered with `status` instead of success. */
  failCommand(opcode: number, status: number, times = 1): void {
    this.failures.set(opcode, { status, times });
  }

  allocHandle(): number {
    const h = this.nextHandle;
    this.nextHandle = this.nextHandle >= 0x0eff ? 0x40 : this.nextHandle + 1;
    return h;
  }

  /** Sends a packet up to the host, asynchronously and in order, honouring the socket filter. */
  toHost(packet: Buffer): void {
    if (!this.powered || !this.host || !this.passesFilter(packet)) return;
    const host = this.host;
    this.air.capture(this, 'rx', packet);
    setImmediate(() => host.data(packet));
  }

  /** A packet written by the host. */
  write(packet: Buffer): void {
    this.air.capture(this, 'tx', packet);
    if (!this.powered) {
      const err: NodeJS.ErrnoException = Object.assign(new Error('Network is down'), { code: 'ENETDOWN', errno: -100 });
      const host = this.host;
      if (host) setImmediate(() => host.error(err));
      return;
    }
    const type = packet[0];
    if (type === PKT_COMMAND && packet.length >= 4) this.command(packet.readUInt16LE(1), packet.subarray(4, 4 + (packet[3] ?? 0)));
    else if (type === PKT_ACL && packet.length >= 5) this.acl(packet);
    else this.log.log('warn', 'sim.hci.bad_packet', { devId: this.devId, hex: packet.subarray(0, 16).toString('hex') });
  }

  /** Back to the state after HCI Reset / power on. */
  resetState(): void {
    this.adv = { enabled: false, type: 0, data: Buffer.alloc(0), scanRsp: Buffer.alloc(0) };
    this.scan = { enabled: false, active: true, filterDuplicates: false, seen: new Set() };
    this.pendingConnect = null;
  }

  private passesFilter(packet: Buffer): boolean {
    const f = this.filter;
    const type = packet[0] ?? 0;
    if (!f) return true;
    if (!(f.types & (1 << type))) return false;
    if (type !== PKT_EVENT) return true;
    const code = packet[1] ?? 0;
    return code < 32 ? (f.events1 & (1 << code)) !== 0 : (f.events2 & (1 << (code - 32))) !== 0;
  }

  private command(opcode: number, p: Buffer): void {
    const failure = this.failures.get(opcode);
    if (failure) {
      if (--failure.times <= 0) this.failures.delete(opcode);
      this.toHost(STATUS_COMMANDS.has(opcode) ? commandStatus(opcode, failure.status) : commandComplete(opcode, failure.status));
      return;
    }
    const ok = (result?: Buffer): void => this.toHost(commandComplete(opcode, STATUS_OK, result));
    switch (opcode) {
      case OP.reset:
        this.dropAllLinks();
        this.resetState();
        return ok();
      case OP.readLocalVersion:
        return ok(Buffer.from([0x09, 0x00, 0x00, 0x09, 0xf1, 0x05, 0x01, 0x00])); // HCI/LMP 5.0, Linux Foundation
      case OP.readSupportedCommands:
        return ok(Buffer.alloc(64));
      case OP.readBdAddr:
        return ok(addressToWire(this.address));
      case OP.readLeHostSupported:
        return ok(Buffer.from([0x01, 0x00]));
      case OP.readBufferSize: {
        const r = Buffer.alloc(7);
        r.writeUInt16LE(LE_ACL_MTU, 0);
        r.writeUInt16LE(LE_ACL_PACKETS, 3);
        return ok(r);
      }
      case OP.leReadBufferSize: {
        const r = Buffer.alloc(3);
        r.writeUInt16LE(LE_ACL_MTU, 0);
        r.writeUInt8(LE_ACL_PACKETS, 2);
        return ok(r);
      }
      case OP.readRssi: {
        const handle = p.readUInt16LE(0);
        const rssi = this.air.linkRssi(this, handle);
        const r = Buffer.alloc(3);
        r.writeUInt16LE(handle, 0);
        r.writeInt8(rssi ?? 0, 2);
        return this.toHost(commandComplete(opcode, rssi === null ? STATUS_UNKNOWN_CONNECTION : STATUS_OK, r));
      }
      case OP.leSetAdvParams:
        this.adv.type = p[4] ?? 0;
        return ok();
      case OP.leSetAdvData:
        this.adv.data = Buffer.from(p.subarray(1, 1 + Math.min(31, p[0] ?? 0)));
        return ok();
      case OP.leSetScanRspData:
        this.adv.scanRsp = Buffer.from(p.subarray(1, 1 + Math.min(31, p[0] ?? 0)));
        return ok();
      case OP.leSetAdvEnable:
        this.adv.enabled = p[0] === 1;
        ok();
        return this.air.advertisingChanged(this);
      case OP.leSetScanParams:
        this.scan.active = p[0] === 1;
        return ok();
      case OP.leSetScanEnable:
        this.scan.enabled = p[0] === 1;
        this.scan.filterDuplicates = p[1] === 1;
        this.scan.seen.clear();
        return ok();
      case OP.leCreateConn: {
        if (this.pendingConnect) return this.toHost(commandStatus(opcode, STATUS_COMMAND_DISALLOWED));
        this.pendingConnect = addressFromWire(p.subarray(6, 12));
        this.toHost(commandStatus(opcode, STATUS_OK));
        return this.air.tryConnect(this);
      }
      case OP.leCancelConn: {
        if (!this.pendingConnect) return this.toHost(commandComplete(opcode, STATUS_COMMAND_DISALLOWED));
        const address = this.pendingConnect;
        this.pendingConnect = null;
        ok();
        return this.toHost(leConnComplete(STATUS_UNKNOWN_CONNECTION, 0, 0, address, { intervalUnits: 0, latency: 0, timeoutUnits: 0 }));
      }
      case OP.disconnect: {
        const handle = p.readUInt16LE(0);
        if (!this.links.has(handle)) return this.toHost(commandStatus(opcode, STATUS_UNKNOWN_CONNECTION));
        this.toHost(commandStatus(opcode, STATUS_OK));
        return this.air.disconnect(this, handle, p[2] ?? REASON_LOCAL_HOST_TERMINATED);
      }
      case OP.leConnUpdate: {
        const handle = p.readUInt16LE(0);
        if (!this.links.has(handle)) return this.toHost(commandStatus(opcode, STATUS_UNKNOWN_CONNECTION));
        this.toHost(commandStatus(opcode, STATUS_OK));
        return this.air.updateConnection(this, handle, { intervalUnits: p.readUInt16LE(4), latency: p.readUInt16LE(6), timeoutUnits: p.readUInt16LE(8) });
      }
      case OP.leLtkNegReply:
        return ok(p.subarray(0, 2));
      case OP.setEventMask:
      case OP.leSetEventMask:
      case OP.writeLeHostSupported:
      case OP.leSetRandomAddress:
        return ok();
      default:
        if (!this.unknownCommands.has(opcode)) this.log.log('info', 'sim.hci.unknown_command', { devId: this.devId, opcode: `0x${opcode.toString(16)}` });
        this.unknownCommands.add(opcode);
        return ok();
    }
  }

  private acl(packet: Buffer): void {
    const handle = packet.readUInt16LE(1) & 0x0fff;
    const length = packet.readUInt16LE(3);
    if (!this.links.has(handle)) {
      this.log.log('debug', 'sim.hci.acl_unknown_handle', { devId: this.devId, handle });
      return;
    }
    if (length > LE_ACL_MTU || length !== packet.length - 5) {
      this.log.log('warn', 'sim.hci.acl_bad_length', { devId: this.devId, handle, length, actual: packet.length - 5 });
    }
    this.air.transmit(this, handle, packet);
  }

  /** Completed-packets credit back to the host for one ACL packet. */
  completed(handle: number): void {
    if (this.links.has(handle)) this.toHost(numCompletedPackets(handle, 1));
  }

  linkUp(end: LinkEnd): void {
    this.links.set(end.handle, end);
    if (end.role === 1) this.adv.enabled = false; // connectable advertising stops on connection
    this.toHost(leConnComplete(STATUS_OK, end.handle, end.role, end.peer.address, end.params));
  }

  linkDown(handle: number, reason: number, notifyHost = true): void {
    if (!this.links.delete(handle)) return;
    if (notifyHost) this.toHost(disconnectionComplete(handle, reason));
  }

  connUpdated(handle: number, params: ConnParams): void {
    const end = this.links.get(handle);
    if (!end) return;
    end.params = params;
    this.toHost(leConnUpdateComplete(handle, params));
  }

  private dropAllLinks(): void {
    for (const handle of [...this.links.keys()]) this.air.disconnect(this, handle, REASON_LOCAL_HOST_TERMINATED);
  }
}
