/**
 * A fresh install learns its mesh token at the first registration. Before this change the peripheral
 * kept advertising the hash of an empty token (and the central kept accepting any mesh) until a
 * restart. Real reference coordinator, real noble/bleno on the simulated air.
 */
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { afterAll, describe, expect, it } from 'vitest';
import { wireBle } from '../../src/main/app/ble-wiring.js';
import { wireNetwork } from '../../src/main/app/network-wiring.js';
import type { NobleLike, PeerRecord } from '../../src/main/ble/central/index.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { SIM_MESH_TOKEN_HASH, startMeshDevice, type SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { createLedger, type Ledger } from '../../src/main/ledger/create-ledger.js';
import { meshTokenHash } from '../../src/main/ledger/identity.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { Settings } from '../../src/shared/settings.js';
import { bounded, connectMeshCentral, type MeshCentral } from '../ble-peripheral/mesh-central-helper.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  air.close();
});

const identityOf = async (c: MeshCentral): Promise<{ agentId: string; meshTokenHash: string }> =>
  JSON.parse((await bounded(c.chars.identity.readAsync(), 'read identity')).toString('utf8')) as never;

describe('mesh token applied live', () => {
  it('the first registration changes the peripheral identity and the central filter without a restart', async () => {
    const coordDir = tempDir('edgecoder-coord-');
    const coordinator: RunningCoordinator = await startCoordinator({ dataDir: coordDir.dir, verifyThreads: 0 });
    cleanups.push(() => coordDir.cleanup(), () => coordinator.close());
    const dir = tempDir('edgecoder-fresh-');
    cleanups.push(() => dir.cleanup());
    const logger = memoryLogger();
    const settings = openConfSettings(dir.dir, logger);
    settings.update({ coordinatorUrl: coordinator.url, mode: 'bluetooth-local' });
    expect(settings.read().meshToken).toBeNull();
    const mode = new ModeService({ settings, clock: systemClock, logger });
    const client = new CoordinatorClient({ baseUrl: coordinator.url });
    const ledger: Ledger = createLedger({ dataDir: dir.dir, transport: client, clock: systemClock });
    cleanups.push(() => ledger.close());

    // A device of another mesh, on the same air.
    const stranger: SimMeshDevice = await startMeshDevice(air, { label: 'other-mesh', meshTokenHash: SIM_MESH_TOKEN_HASH });
    cleanups.push(() => stranger.stop());

    const peripheralCtrl = air.createController();
    const centralCtrl = air.createController();
    const ble = wireBle({
      identity: ledger.identity, settings, mode, clock: systemClock, logger,
      capabilities: () => ({ model: 'none', modelParamSize: 0, memoryMB: 1024, batteryPct: 100, currentLoad: 0, deviceType: 'laptop' }),
      taskHandler: async () => ({ ok: false, error: 'not in this test' }),
      nobleFactory: () => createSimNoble(centralCtrl) as unknown as NobleLike,
      blenoSource: () => createSimBleno(peripheralCtrl),
      onChange: () => undefined,
    });
    await ble.service.start();
    cleanups.push(() => ble.service.stop());

    // Before registration: the empty token's hash on air, and any mesh accepted.
    const peer = await bounded(new Promise<PeerRecord>((resolve) => {
      const seen = (): void => {
        const p = ble.central.peers().find((x) => x.agentId === stranger.agentId && x.identifiedAt !== null);
        if (p) resolve(p);
      };
      cleanups.push(ble.central.onPeerChange(seen));
      seen();
    }), 'identify the other-mesh device', 30_000);
    expect(peer.routable).toBe(true);
    const reader = await connectMeshCentral(air, peripheralCtrl.address);
    cleanups.push(() => reader.disconnect().catch(() => undefined));
    expect(await identityOf(reader)).toMatchObject({ agentId: ledger.identity.agentId, meshTokenHash: meshTokenHash('') });

    // The network side starts (Bluetooth Local watches the coordinator too): its first heartbeat registers.
    const learned = new Promise<Settings>((resolve) => settings.onChange((next, previous) => next.meshToken !== previous.meshToken && resolve(next)));
    const network = wireNetwork({
      client, ledger, settings, mode, version: 'test', activeModel: () => null, notify: () => undefined,
      onRestored: () => undefined, clock: systemClock, logger, hasLink: () => true, power: new SimulatedPowerSource(),
    });
    await network.service.start();
    cleanups.push(() => network.service.stop());
    expect((await bounded(learned, 'first registration')).meshToken).toBe(coordinator.meshToken);

    // Same connection, no restart: the new token's hash is served, and the other mesh is filtered out.
    expect(await identityOf(reader)).toMatchObject({ meshTokenHash: meshTokenHash(coordinator.meshToken) });
    const filtered = ble.central.peers().find((x) => x.agentId === stranger.agentId);
    expect(filtered).toMatchObject({ routable: false, notRoutableReason: 'different mesh (token hash mismatch)' });
  }, 60_000);
});
