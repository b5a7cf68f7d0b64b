/**
 * The simulator's controls (demo, `--sim`): the virtual devices around this computer and the simulated
 * network link. What a change may be is decided here: a known device, values a real device could
 * report (battery 0–100 %, load 0–64 tasks, RSSI −127…0 dBm), and no load for an iPhone in Bluetooth
 * Local (its status has none). Changes go where a real device would make them: the mesh capabilities
 * characteristic, the iPhone's status characteristic, the radio's signal strength.
 */
import type { SimDeviceKind, SimDeviceState, SimSetDeviceArgs, SimState } from '../../shared/sim-status.js';
import { SimSetDeviceArgsSchema } from '../../shared/sim-status.js';
import type { SimIphone } from '../devices/iphone-local-device.js';
import type { SimMeshDevice } from '../devices/mesh-device.js';
import type { SimAir } from '../radio/sim-air.js';
import { OperationUnavailableError } from '../../main/ipc/dispatcher.js';
import type { SimulatedNetwork } from '../network/simulated-network.js';

export type SimDevice = SimMeshDevice | SimIphone;

export class SimControlError extends Error {
  override readonly name = 'SimControlError';
}

export interface SimControlsOptions {
  air: Pick<SimAir, 'setDeviceRssi' | 'deviceRssiOf' | 'setPowered'>;
  /** The devices already running (the controls stop them on stop()). */
  devices: readonly SimDevice[];
  /** Starts one more device of that kind on the air. */
  spawn: (kind: SimDeviceKind) => Promise<SimDevice>;
  /** null: the host has no simulated network (the link cannot be cut). */
  network: Pick<SimulatedNetwork, 'isUp' | 'setUp'> | null;
  /** A signal was set by hand (the wobble then leaves that device alone for a while). */
  onRssiSet?: (address: string) => void;
}

export class SimControls {
  private readonly devices = new Map<string, SimDevice>();

  constructor(private readonly o: SimControlsOptions) {
    for (const d of o.devices) this.devices.set(d.address, d);
  }

  state(): SimState {
    return { network: this.o.network ? { up: this.o.network.isUp } : null, devices: [...this.devices.values()].map((d) => this.describe(d)) };
  }

  setNetwork(up: boolean): SimState {
    if (!this.o.network) throw new OperationUnavailableError('this host has no simulated network to cut (run `npm run demo`, or the headless host with --sim)');
    this.o.network.setUp(up);
    return this.state();
  }

  async addDevice(kind: SimDeviceKind): Promise<SimDeviceState> {
    const device = await this.o.spawn(kind);
    this.devices.set(device.address, device);
    return this.describe(device);
  }

  /** Switches the device off: it stops advertising and its radio goes quiet, as a phone carried away. */
  async removeDevice(id: string): Promise<SimState> {
    const device = this.find(id);
    this.devices.delete(device.address);
    await device.stop();
    this.o.air.setPowered(device.address, false);
    return this.state();
  }

  /** The virtual mesh devices' own ledgers by agent id (tests and benchmarks settle them at a coordinator). */
  meshLedgers(): Map<string, SimMeshDevice['ledger']> {
    return new Map([...this.devices.values()].flatMap((d) => (d.kind === 'mesh' ? [[d.agentId, d.ledger] as const] : [])));
  }

  setDevice(args: SimSetDeviceArgs): SimDeviceState {
    const change = checkDeviceChange(args);
    const device = this.find(change.id);
    if (device.kind === 'iphone') {
      if (change.currentLoad !== undefined) throw new SimControlError(`${device.name} is an iPhone in Bluetooth Local: its status reports no load`);
      if (change.batteryPct !== undefined) device.setStatus({ batteryPct: change.batteryPct });
    } else if (change.batteryPct !== undefined || change.currentLoad !== undefined) {
      const caps = device.service.currentCapabilities;
      device.service.updateCapabilities({ ...caps, batteryPct: change.batteryPct ?? caps.batteryPct, currentLoad: change.currentLoad ?? caps.currentLoad });
    }
    if (change.rssi !== undefined) {
      this.o.air.setDeviceRssi(device.address, change.rssi);
      this.o.onRssiSet?.(device.address);
    }
    return this.describe(device);
  }

  async stop(): Promise<void> {
    const all = [...this.devices.values()];
    this.devices.clear();
    await Promise.allSettled(all.map((d) => d.stop()));
  }

  private find(id: string): SimDevice {
    const device = this.devices.get(id.toLowerCase()) ?? [...this.devices.values()].find((d) => d.kind === 'mesh' && d.agentId === id);
    if (!device) throw new SimControlError(`no simulated device "${id}" (simGetState lists them: id is the Bluetooth address)`);
    return device;
  }

  private describe(d: SimDevice): SimDeviceState {
    const rssi = this.o.air.deviceRssiOf(d.address);
    if (d.kind === 'iphone') return { id: d.address, name: d.name, kind: 'iphone', agentId: null, batteryPct: d.status().batteryPct, currentLoad: null, rssi };
    const caps = d.service.currentCapabilities;
    const kind: SimDeviceKind = caps.deviceType === 'phone' ? 'phone' : 'laptop';
    return { id: d.address, name: d.name, kind, agentId: d.agentId, batteryPct: caps.batteryPct, currentLoad: caps.currentLoad, rssi };
  }
}

/** The rule for one change: the contract's ranges, with a message that names the field and its range. */
export function checkDeviceChange(args: SimSetDeviceArgs): SimSetDeviceArgs {
  const parsed = SimSetDeviceArgsSchema.safeParse(args);
  if (!parsed.success) {
    throw new SimControlError(parsed.error.issues.map((i) => `${i.path.join('.') || 'change'}: ${i.message}`).join('; '));
  }
  const { batteryPct, currentLoad, rssi } = parsed.data;
  if (batteryPct === undefined && currentLoad === undefined && rssi === undefined) throw new SimControlError('nothing to change: give batteryPct, currentLoad or rssi');
  return parsed.data;
}
