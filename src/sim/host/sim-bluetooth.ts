import type { CoreDeps } from '../../main/app/composition-root.js';
import type { NobleLike } from '../../main/ble/central/index.js';
import type { MeshTaskHandler } from '../../main/ble/peripheral/mesh-exchange.js';
import type { Clock } from '../../main/core/clock.js';
import type { Logger } from '../../main/core/logger.js';
import type { LocalInferenceHandler } from '../devices/iphone-local-device.js';
import type { SimMeshDevice } from '../devices/mesh-device.js';
import { HandSetSignals, startRssiWobble } from '../devices/rssi-wobble.js';
import { startSimTaskLoop } from '../devices/sim-task-loop.js';
import { createSimBleno, createSimNoble, installSimulatedHci, mulberry32, SimAir } from '../radio/index.js';
import { startIphoneLocal, startMeshDevice, startSimNeighbourhood } from '../devices/index.js';
import type { SimDeviceKind } from '../../shared/sim-status.js';
import type { SimulatedNetwork } from '../network/simulated-network.js';
import type { SimArgs } from './sim-args.js';
import { SimControls, type SimDevice } from './sim-controls.js';

/** The mesh token the virtual devices share (their identity carries sha256 of it). */
export const SIM_MESH_TOKEN = 'sim-mesh';

/** How the virtual devices answer (default: a deterministic echo); the demo gives them real llama.cpp. */
export interface SimDeviceHandlers {
  meshTask?: MeshTaskHandler;
  iphone?: LocalInferenceHandler;
}

/**
 * `--sim`: the real noble and bleno on a simulated Bluetooth air, with virtual mesh phones, laptops
 * and Bluetooth Local iPhones around this computer. Loaded only when asked for.
 */
export interface SimulatedBluetooth {
  ble: NonNullable<CoreDeps['ble']>;
  /** Lists, adds, removes and changes the virtual devices; cuts the simulated network. */
  controls: SimControls;
  /** With `--sim-task-every`: the virtual mesh devices start asking `targetAgentId` (this computer) for work. */
  startTasks(targetAgentId: string, clock: Clock): void;
  /** `--sim-rssi-wobble`: every virtual device's RSSI moves a few dB each second. */
  startRssiWobble(clock: Clock): void;
  stop(): Promise<void>;
}

export async function startSimulatedBluetooth(
  sim: SimArgs,
  logger: Logger,
  opts: { handlers?: SimDeviceHandlers; network?: SimulatedNetwork | null } = {},
): Promise<SimulatedBluetooth> {
  const air = new SimAir({ seed: 1, logger: logger.child('sim-air') });
  const uninstall = installSimulatedHci(air);
  const meshTask = opts.handlers?.meshTask ? { taskHandler: opts.handlers.meshTask } : {};
  const iphone = opts.handlers?.iphone ? { handler: opts.handlers.iphone } : {};
  const many = <T extends object>(n: number, o: T): T[] => Array.from({ length: n }, () => ({ ...o }));
  const hood = await startSimNeighbourhood({
    air, phones: many(sim.phones, meshTask), laptops: many(sim.laptops, meshTask), iphones: many(sim.iphones, iphone), logger: logger.child('sim'),
  });
  // Devices added later are numbered after the first ones and placed a little further away.
  const count: Record<SimDeviceKind, number> = { phone: sim.phones, laptop: sim.laptops, iphone: sim.iphones };
  const spawn = async (kind: SimDeviceKind): Promise<SimDevice> => {
    const n = ++count[kind];
    const log = logger.child('sim');
    const device = kind === 'iphone'
      ? await startIphoneLocal(air, { name: `iPhone ${n}`, logger: log, ...iphone })
      : await startMeshDevice(air, { label: `sim-${kind}-${n}`, deviceType: kind, ...(kind === 'phone' ? { batteryPct: 70 } : {}), logger: log, ...meshTask });
    air.setDeviceRssi(device.address, -70);
    return device;
  };
  const handSet = new HandSetSignals();
  let now = (): number => Date.now();
  const controls = new SimControls({ air, devices: hood.devices, spawn, network: opts.network ?? null, onRssiSet: (address) => handSet.set(address, now()) });
  const centralController = air.createController();
  const peripheralController = air.createController();
  // noble's published types lack fields its objects have at run time (state); the central's port names them.
  let noble: NobleLike | null = null;
  let bleno: ReturnType<typeof createSimBleno> | null = null;
  let tasks: ReturnType<typeof startSimTaskLoop> | null = null;
  let wobble: ReturnType<typeof startRssiWobble> | null = null;
  return {
    controls,
    startRssiWobble: (clock) => {
      now = () => clock.now();
      const moving = (): string[] => hood.devices.map((d) => d.address).filter((address) => !handSet.held(address, clock.now()));
      wobble ??= startRssiWobble({ air, addresses: moving, clock, random: mulberry32(7) });
    },
    startTasks: (targetAgentId, clock) => {
      if (tasks || sim.taskEverySec <= 0) return;
      const devices = hood.devices.filter((d): d is SimMeshDevice => d.kind === 'mesh');
      tasks = startSimTaskLoop({ devices, targetAgentId, everyMs: sim.taskEverySec * 1000, clock, logger: logger.child('sim-tasks') });
    },
    ble: {
      nobleFactory: () => (noble ??= createSimNoble(centralController) as unknown as NobleLike),
      blenoSource: () => (bleno ??= createSimBleno(peripheralController)),
      meshToken: SIM_MESH_TOKEN,
    },
    stop: async () => {
      wobble?.stop();
      await tasks?.stop();
      await controls.stop();
      air.close();
      uninstall();
    },
  };
}
