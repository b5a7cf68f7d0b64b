/** Shared shapes of the simulated air: host sinks, ports, links, and the seeded random. */
import type { ConnParams } from './hci-codes.js';
import type { VirtualController } from './virtual-controller.js';

/** What the fake socket hands the controller: where events and ACL data for the host go. */
export interface HostSink {
  data(packet: Buffer): void;
  error(err: NodeJS.ErrnoException): void;
}

/** What the air does for a controller (links, advertising, transmission). */
export interface AirLinks {
  tryConnect(initiator: VirtualController): void;
  transmit(from: VirtualController, handle: number, packet: Buffer): void;
  disconnect(from: VirtualController, handle: number, reason: number): void;
  updateConnection(from: VirtualController, handle: number, params: ConnParams): void;
  linkRssi(from: VirtualController, handle: number): number | null;
  advertisingChanged(ctrl: VirtualController): void;
  /** Raw packet tap for captures: 'tx' host → controller, 'rx' controller → host. */
  capture(ctrl: VirtualController, dir: 'tx' | 'rx', packet: Buffer): void;
}

export interface LinkEnd {
  handle: number;
  role: 0 | 1;
  peer: VirtualController;
  peerHandle: number;
  params: ConnParams;
}

/** Per pair of controllers: probability an ACL packet is lost, and its one-way delay. */
export interface LinkQuality {
  lossProbability: number;
  delayMs: number;
}

/** What the fake HCI socket gets back from `attach`: one host's handle on one controller. */
export interface SimPort {
  readonly devId: number;
  isUp(): boolean;
  write(packet: Buffer): void;
  setFilter(filter: Buffer): void;
  detach(): void;
}

/** Anything a fake socket can attach to: the in-process air or a broker client. */
export interface AttachableAir {
  attach(devId: number | undefined, sink: HostSink): SimPort;
  deviceList(): Array<{ devId: number; devUp: boolean }>;
}

/** Small seeded PRNG (mulberry32): reproducible loss decisions. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
