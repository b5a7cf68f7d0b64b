/**
 * A mesh token typed into the Settings panel (not issued by a registration) is followed at once by
 * Bluetooth (the peripheral's identity, real bleno on the simulated air) and by the coordinator calls;
 * clearing it makes the next heartbeat register again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { wireBle } from '../../src/main/app/ble-wiring.js';
import { wireNetwork } from '../../src/main/app/network-wiring.js';
import type { NobleLike } from '../../src/main/ble/central/index.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { createLedger } from '../../src/main/ledger/create-ledger.js';
import { meshTokenHash } from '../../src/main/ledger/identity.js';
import { LocalApiService } from '../../src/main/local-api/local-api-service.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { liveSettings } from '../../src/main/settings/live-settings.js';
import { editSettings } from '../../src/main/settings/settings-editor.js';
import { AdmissionGate } from '../../src/main/worker/admission-gate.js';
import { bounded, connectMeshCentral } from '../ble-peripheral/mesh-central-helper.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  air.close();
});

describe('a mesh token set by hand', () => {
  it('Bluetooth serves its hash on the same connection, and the coordinator calls use it', async () => {
    const dir = tempDir('edgecoder-hand-token-');
    cleanups.push(() => dir.cleanup());
    const logger = memoryLogger();
    const settings = openConfSettings(dir.dir, logger);
    settings.update({ mode: 'bluetooth-local', coordinatorUrl: 'http://127.0.0.1:9', meshToken: 'issued-token' });
    const mode = new ModeService({ settings, clock: systemClock, logger });
    const client = new CoordinatorClient({ baseUrl: 'http://127.0.0.1:9' });
    const ledger = createLedger({ dataDir: dir.dir, transport: client, clock: systemClock });
    cleanups.push(() => ledger.close());
    const power = new SimulatedPowerSource();
    const network = wireNetwork({
      client, ledger, settings, mode, version: 'test', activeModel: () => null, notify: () => undefined,
      onRestored: () => undefined, clock: systemClock, logger, hasLink: () => true, power,
    });
    expect(client.token).toBe('issued-token');
    const gate = new AdmissionGate({
      mode, settings, power, clock: systemClock,
      context: { model: null, network: network.network.current, bluetooth: { state: 'not-started', detail: '', droppedFrames: 0 } },
    });
    const localApi = new LocalApiService({ dataDir: dir.dir, port: 0, runner: { run: () => Promise.reject(new Error('unused')) } as never, clock: systemClock, logger });
    const live = liveSettings(settings, { coordinator: { client, session: network.session, network: network.network }, gate, localApi, logger });
    await live.start();
    cleanups.push(() => live.stop());

    const peripheralCtrl = air.createController();
    const ble = wireBle({
      identity: ledger.identity, settings, mode, clock: systemClock, logger,
      capabilities: () => ({ model: 'none', modelParamSize: 0, memoryMB: 1024, batteryPct: 100, currentLoad: 0, deviceType: 'laptop' }),
      taskHandler: async () => ({ ok: false, error: 'not in this test' }),
      nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
      blenoSource: () => createSimBleno(peripheralCtrl),
      onChange: () => undefined,
    });
    await ble.service.start();
    cleanups.push(() => ble.service.stop());
    const reader = await connectMeshCentral(air, peripheralCtrl.address);
    cleanups.push(() => reader.disconnect().catch(() => undefined));
    const identity = async (): Promise<{ meshTokenHash: string }> => JSON.parse((await bounded(reader.chars.identity.readAsync(), 'read identity')).toString('utf8')) as never;
    expect(await identity()).toMatchObject({ meshTokenHash: meshTokenHash('issued-token') });

    expect(editSettings(settings, { meshToken: 'typed-by-hand' })).toMatchObject({ ok: true, changed: ['meshToken'] });
    expect(await identity()).toMatchObject({ meshTokenHash: meshTokenHash('typed-by-hand') });
    expect(client.token).toBe('typed-by-hand');

    // Cleared: no token to send, so the next authenticated call registers first.
    expect(editSettings(settings, { meshToken: null })).toMatchObject({ ok: true });
    expect(client.token).toBeNull();
    expect(await identity()).toMatchObject({ meshTokenHash: meshTokenHash('') });
  }, 60_000);
});
