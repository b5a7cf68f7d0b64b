/** A simulated room: one noble central controller and real bleno peripherals (mesh agents, an iPhone). */
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { createSimBleno, createSimNoble, installSimulatedHci, whenPoweredOn } from '../../src/sim/radio/install-sim.js';
import type { NobleLike } from '../../src/main/ble/central/index.js';
import type { DeviceType, LocalStatus } from '../../src/main/ble/protocol/index.js';
import { createLocalPhone, createMeshPeer } from './virtual-peers.js';
import type { VirtualLocalPhone, VirtualMeshPeer } from './virtual-peers.js';

export const MESH_HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const OTHER_MESH_HASH = 'ffffffffffffffff0000000000000000';

export interface MeshSpec {
  name: string;
  deviceType: DeviceType;
  rssi: number;
  paramSize: number;
  battery: number;
  load: number;
  meshTokenHash?: string;
}

export interface World {
  air: SimAir;
  centralAddress: string;
  noble: NobleLike;
  mesh: Array<VirtualMeshPeer & { spec: MeshSpec; address: string; peerId: string }>;
  phones: Array<VirtualLocalPhone & { address: string; peerId: string }>;
  close(): void;
}

/** noble's peripheral id on Linux: the address without colons. */
const idOf = (address: string): string => address.replace(/:/g, '').toLowerCase();

export async function startWorld(mesh: MeshSpec[], local: Array<{ name: string; rssi: number; status: LocalStatus }>): Promise<World> {
  const air = new SimAir({ defaultRssi: -60, seed: 7 });
  installSimulatedHci(air);
  const central = air.createController();
  const world: World = {
    air, centralAddress: central.address, noble: undefined as unknown as NobleLike, mesh: [], phones: [],
    close: () => air.close(),
  };
  for (const spec of mesh) {
    const ctrl = air.createController();
    air.setRssi(central, ctrl, spec.rssi);
    const bleno = createSimBleno(ctrl);
    await whenPoweredOn(bleno);
    const peer = createMeshPeer(bleno, spec.name,
      { agentId: `agent-${spec.name}`, meshTokenHash: spec.meshTokenHash ?? MESH_HASH, publicKey: `pk-${spec.name}` },
      { model: `model-${spec.paramSize}b`, modelParamSize: spec.paramSize, memoryMB: 8192, batteryPct: spec.battery, currentLoad: spec.load, deviceType: spec.deviceType });
    await peer.start();
    world.mesh.push(Object.assign(peer, { spec, address: ctrl.address, peerId: idOf(ctrl.address) }));
  }
  for (const l of local) {
    const ctrl = air.createController();
    air.setRssi(central, ctrl, l.rssi);
    const bleno = createSimBleno(ctrl);
    await whenPoweredOn(bleno);
    const phone = createLocalPhone(bleno, l.name, l.status);
    await phone.start();
    world.phones.push(Object.assign(phone, { address: ctrl.address, peerId: idOf(ctrl.address) }));
  }
  const noble = createSimNoble(central);
  await whenPoweredOn(noble);
  world.noble = noble as unknown as NobleLike;
  return world;
}

/** Polls a condition (real time) until true; fails with `what` after `ms`. Not a timing assertion. */
export async function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
