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
import type { SettingsStore } from '../settings/settings-store.js';
import { SerialChain } from '../core/serial-chain.js';
import { backoffDelay } from '../core/backoff.js';
import { BLUETOOTH_START_RETRY, bluetoothRoles, rolesMissing, type BluetoothRoles } from './bluetooth-policy.js';

export interface BleDeps {
  identity: Identity;
  /** Mode-dependent roles (useNearbyWhileOn, serveNearbyWhileOn) and the mesh token (followed live). */
  settings: SettingsStore;
  /** A fixed mesh token (the simulated crowd's); without it the token in settings is used and followed. */
  meshTokenOverride?: string;
  capabilities: () => PeerCapabilities;
  taskHandler: MeshTaskHandler;
  ledgerHandler?: LedgerBatchHandler;
  mode: ModeService;
  clock: Clock;
  logger: Logger;
  nobleFactory?: NobleFactory;
  blenoSource?: BlenoSource;
  /** The central's peer records as they are (our own peripheral included, flagged) and our mesh token hash: the route board ranks and shows them. */
  onChange: (bluetooth: BluetoothState, peers: PeerRecord[], meshTokenHash: string | null) => void;
}

const REFRESH_MS = 2_000;

/**
 * Bluetooth follows the mode and the settings through `bluetoothRoles` (central and peripheral each on
 * or off). The mesh token (null before the first registration: then any mesh is accepted) is followed
 * live: when registration stores one, the central's filter and the peripheral's identity change at
 * once. Their state becomes the snapshot's Bluetooth and Nearby-devices slices. A role that fails to
 * start is not counted as running: it is started again with backoff (BLUETOOTH_START_RETRY).
 */
export function wireBle(deps: BleDeps): { central: BleCentralService; peripheral: MeshPeripheralService; service: Service } {
  let token = deps.meshTokenOverride ?? deps.settings.read().meshToken;
  let ownHash = token ? meshTokenHash(token) : null;
  const log = deps.logger.child('ble');
  const central = new BleCentralService({
    clock: deps.clock,
    logger: log,
    meshTokenHash: ownHash,
    selfAgentId: deps.identity.agentId,
    ...(deps.nobleFactory ? { nobleFactory: deps.nobleFactory } : {}),
  });
  const peripheral = new MeshPeripheralService({
    identity: deps.identity.bleIdentity(token ?? ''),
    capabilities: deps.capabilities(),
    taskHandler: deps.taskHandler,
    ...(deps.ledgerHandler ? { ledgerHandler: deps.ledgerHandler } : {}),
    name: 'EdgeCoder Runner',
    clock: deps.clock,
    logger: log,
    ...(deps.blenoSource ? { bleno: deps.blenoSource } : {}),
  });

  /** The roles wanted (shown), and those actually running. */
  let roles: BluetoothRoles = { central: false, peripheral: false, note: null };
  const up = { central: false, peripheral: false };
  let retryTimer: TimerHandle | null = null;
  let retries = 0;
  let timer: TimerHandle | null = null;
  const publish = (): void => deps.onChange(bluetoothState(roles, central, peripheral), central.peers(), ownHash);
  const tick = (): void => {
    publish();
    timer = roles.central || roles.peripheral ? deps.clock.setTimeout(tick, REFRESH_MS) : null;
  };

  // Role changes are applied one after another, each to the latest wanted roles.
  const roleChanges = new SerialChain();
  const apply = async (next: BluetoothRoles): Promise<void> => {
    roles = next;
    if (retryTimer) deps.clock.clearTimeout(retryTimer);
    retryTimer = null;
    if (next.central !== up.central) {
      if (next.central) {
        await central.start();
        up.central = central.status().state.kind !== 'unavailable';
        if (up.central) await central.setScanning(true);
      } else {
        // Off means no Bluetooth at all: links, the RSSI poll and the peer records go too, not just the scan.
        await central.setScanning(false);
        await central.stop();
        up.central = false;
      }
    }
    if (next.peripheral !== up.peripheral) {
      if (next.peripheral) {
        await peripheral.start();
        const kind = peripheral.status().state.kind;
        up.peripheral = kind !== 'unavailable' && kind !== 'error';
        if (!up.peripheral) await peripheral.stop(); // back to 'stopped', so the retry starts it afresh
      } else {
        await peripheral.stop();
        up.peripheral = false;
      }
    }
    if (!rolesMissing(next, up)) retries = 0;
    else {
      const delay = backoffDelay(BLUETOOTH_START_RETRY, ++retries);
      if (delay !== null) retryTimer = deps.clock.setTimeout(() => void applyRoles(wanted()), delay);
      log.log('warn', 'ble.start_failed', { central: central.status().state, peripheral: peripheral.status().state, retryInMs: delay });
    }
    const active = next.central || next.peripheral;
    if (active && !timer) tick();
    if (!active && timer) {
      deps.clock.clearTimeout(timer);
      timer = null;
    }
    publish();
  };
  const applyRoles = (next: BluetoothRoles): Promise<void> => {
    return roleChanges.run(() => apply(next)).catch((err: unknown) => log.log('error', 'ble.roles_failed', { message: String(err) }));
  };
  const wanted = (): BluetoothRoles => bluetoothRoles(deps.mode.current.mode, deps.settings.read());
  const followToken = (next: string | null): void => {
    if (deps.meshTokenOverride || next === token) return;
    token = next;
    ownHash = token ? meshTokenHash(token) : null;
    central.setMeshTokenHash(ownHash);
    peripheral.updateIdentity(deps.identity.bleIdentity(token ?? ''));
    log.log('info', 'ble.mesh_token_changed', { meshTokenHash: ownHash });
    publish();
  };

  const unsubscribe: Array<() => void> = [];
  const service: Service = {
    name: 'ble',
    start: async () => {
      unsubscribe.push(central.onPeerChange(publish));
      unsubscribe.push(deps.mode.onChange(() => void applyRoles(wanted())));
      unsubscribe.push(
        deps.settings.onChange((next) => {
          followToken(next.meshToken);
          void applyRoles(wanted());
        }),
      );
      await applyRoles(wanted());
    },
    stop: async () => {
      for (const u of unsubscribe.splice(0)) u();
      retries = 0;
      await applyRoles({ central: false, peripheral: false, note: null });
      await central.stop();
    },
  };
  return { central, peripheral, service };
}

function bluetoothState(roles: BluetoothRoles, central: BleCentralService, peripheral: MeshPeripheralService): BluetoothState {
  const centralStatus = central.status();
  const peripheralStatus = peripheral.status();
  const sum = (counts: Record<string, number | undefined>): number => Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  const dropped = sum(centralStatus.dropped) + sum(peripheralStatus.counters.badFrames);
  const base = { droppedFrames: dropped };
  if (!roles.central && !roles.peripheral) return { ...base, state: 'not-started', detail: roles.note ?? 'Bluetooth is off.' };
  if (centralStatus.state.kind === 'unavailable') return { ...base, state: 'unavailable', detail: centralStatus.state.reason };
  if (centralStatus.state.kind === 'adapter-off') return { ...base, state: 'powered-off', detail: `The Bluetooth adapter is ${centralStatus.state.adapterState}.` };
  const advertising = peripheralStatus.state.kind === 'advertising';
  const peripheralNote = peripheralStatus.state.kind === 'unavailable' || peripheralStatus.state.kind === 'error' || peripheralStatus.state.kind === 'waiting' ? ` Serving nearby devices is ${peripheralStatus.state.kind}: ${peripheralStatus.state.reason}.` : '';
  const detail = `${centralStatus.peers.length} device(s) known, ${centralStatus.connections}/${centralStatus.maxConnections} connected.${peripheralNote}${roles.note ? ` ${roles.note}` : ''}`;
  if (centralStatus.scanning && advertising) return { ...base, state: 'scanning+advertising', detail };
  if (centralStatus.scanning) return { ...base, state: 'scanning', detail };
  if (advertising) return { ...base, state: 'advertising', detail };
  return { ...base, state: 'idle', detail };
}
