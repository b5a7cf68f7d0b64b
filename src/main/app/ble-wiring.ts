import type { BluetoothState } from '../../shared/snapshot.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { BleCentralService, type NobleFactory, type PeerRecord } from '../ble/central/index.js';
import { MeshPeripheralService, type BlenoSource, type LedgerBatchHandler, type MeshTaskHandler } from '../ble/peripheral/index.js';
import type { PeerCapabilities } from '../ble/protocol/mesh-schemas.js';
import type { Identity } from '../ledger/identity.js';
import { meshTokenHash } from '../ledger/identity.js';
import type { ModeService } from '../modes/mode-service.js';

export interface BleDeps {
  identity: Identity;
  /** The mesh token from the coordinator (null before the first registration: then any mesh is accepted). */
  meshToken: string | null;
  capabilities: () => PeerCapabilities;
  taskHandler: MeshTaskHandler;
  ledgerHandler?: LedgerBatchHandler;
  mode: ModeService;
  clock: Clock;
  logger: Logger;
  nobleFactory?: NobleFactory;
  blenoSource?: BlenoSource;
  /** The central's peer records as they are (our own peripheral included, flagged): the route board ranks and shows them. */
  onChange: (bluetooth: BluetoothState, peers: PeerRecord[]) => void;
}

const REFRESH_MS = 2_000;

/**
 * Bluetooth follows the mode: in Bluetooth Local the central scans (finds devices, routes work out) and
 * the peripheral advertises (serves work in); in any other mode both are idle. Their state becomes the
 * snapshot's Bluetooth and Nearby-devices slices.
 */
export function wireBle(deps: BleDeps): { central: BleCentralService; peripheral: MeshPeripheralService; service: Service; meshTokenHash: string | null } {
  const ownHash = deps.meshToken ? meshTokenHash(deps.meshToken) : null;
  const log = deps.logger.child('ble');
  const central = new BleCentralService({
    clock: deps.clock,
    logger: log,
    meshTokenHash: ownHash,
    selfAgentId: deps.identity.agentId,
    ...(deps.nobleFactory ? { nobleFactory: deps.nobleFactory } : {}),
  });
  const peripheral = new MeshPeripheralService({
    identity: deps.identity.bleIdentity(deps.meshToken ?? ''),
    capabilities: deps.capabilities(),
    taskHandler: deps.taskHandler,
    ...(deps.ledgerHandler ? { ledgerHandler: deps.ledgerHandler } : {}),
    name: 'EdgeCoder Runner',
    clock: deps.clock,
    logger: log,
    ...(deps.blenoSource ? { bleno: deps.blenoSource } : {}),
  });

  let active = false;
  let timer: TimerHandle | null = null;
  const publish = (): void => deps.onChange(bluetoothState(active, central, peripheral), central.peers());
  const tick = (): void => {
    publish();
    timer = active ? deps.clock.setTimeout(tick, REFRESH_MS) : null;
  };

  const apply = async (on: boolean): Promise<void> => {
    if (on === active) return;
    active = on;
    if (on) {
      await central.start();
      await central.setScanning(true);
      await peripheral.start();
      if (!timer) tick();
    } else {
      await central.setScanning(false);
      await peripheral.stop();
      if (timer) deps.clock.clearTimeout(timer);
      timer = null;
    }
    publish();
  };

  let unsubscribeMode: (() => void) | null = null;
  let unsubscribePeers: (() => void) | null = null;
  const service: Service = {
    name: 'ble',
    start: async () => {
      unsubscribePeers = central.onPeerChange(publish);
      unsubscribeMode = deps.mode.onChange((s) => void apply(s.mode === 'bluetooth-local').catch((err: unknown) => log.log('error', 'ble.mode_failed', { message: String(err) })));
      await apply(deps.mode.current.mode === 'bluetooth-local');
    },
    stop: async () => {
      unsubscribeMode?.();
      unsubscribePeers?.();
      await apply(false);
      await central.stop();
    },
  };
  return { central, peripheral, service, meshTokenHash: ownHash };
}

function bluetoothState(active: boolean, central: BleCentralService, peripheral: MeshPeripheralService): BluetoothState {
  const c = central.status();
  const p = peripheral.status();
  const sum = (counts: Record<string, number | undefined>): number => Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  const dropped = sum(c.dropped) + sum(p.counters.badFrames);
  const base = { droppedFrames: dropped };
  if (!active) return { ...base, state: 'not-started', detail: 'Bluetooth starts when the mode is Bluetooth Local.' };
  if (c.state.kind === 'unavailable') return { ...base, state: 'unavailable', detail: c.state.reason };
  if (c.state.kind === 'adapter-off') return { ...base, state: 'powered-off', detail: `The Bluetooth adapter is ${c.state.adapterState}.` };
  const advertising = p.state.kind === 'advertising';
  const peripheralNote = p.state.kind === 'unavailable' || p.state.kind === 'error' || p.state.kind === 'waiting' ? ` Serving nearby devices is ${p.state.kind}: ${p.state.reason}.` : '';
  const detail = `${c.peers.length} device(s) known, ${c.connections}/${c.maxConnections} connected.${peripheralNote}`;
  if (c.scanning && advertising) return { ...base, state: 'scanning+advertising', detail };
  if (c.scanning) return { ...base, state: 'scanning', detail };
  if (advertising) return { ...base, state: 'advertising', detail };
  return { ...base, state: 'idle', detail };
}
