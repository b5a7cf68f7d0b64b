/**
 * The mesh task path through the admission gate, on the real libraries: a virtual phone (bleno + noble
 * on the simulated air) asks this computer for paid work; the provider asks the gate before running
 * llama.cpp. Unplugged with "run only while charging", the phone gets the gate's words and nothing is
 * run or recorded; back on the charger it is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { startMeshDevice, type SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import { loadOrCreateIdentity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { AdmissionGate } from '../../src/main/worker/admission-gate.js';
import { admittedRun } from '../../src/main/worker/admitted-run.js';
import { llamaProvider } from '../mesh/llama-provider.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-mesh-gate-');
const identity = loadOrCreateIdentity({ dataDir: tmp.dir });
const store = LedgerStore.open(`${tmp.dir}/ledger.db`, { selfId: identity.agentId });
const settings = openConfSettings(tmp.dir, memoryLogger());
settings.update({ mode: 'bluetooth-local', power: { runOnlyWhileCharging: true, minBatteryPct: 20 } });
const mode = new ModeService({ settings, clock: systemClock, logger: memoryLogger() });
const power = SimulatedPowerSource.laptop(60);
const gate = new AdmissionGate({
  mode, settings, power, clock: systemClock,
  context: {
    model: { name: 'alphabet-tiny', paramSize: 0.0001, state: 'ready', detail: '' },
    network: { state: 'online', detail: '', checkedAt: 1 },
    bluetooth: { state: 'advertising', detail: '', droppedFrames: 0 },
  },
});
const provider = llamaProvider({ air, identity, ledger: new LedgerService(identity, store), wrap: (run) => admittedRun(gate, 'mesh', run) });
let phone: SimMeshDevice;

beforeAll(async () => {
  await gate.start();
  await provider.start();
  phone = await startMeshDevice(air, { label: 'sim-phone-1', deviceType: 'phone' });
}, 120_000);
afterAll(async () => {
  await phone?.stop();
  await provider.stop();
  await gate.stop();
  store.close();
  air.close();
  tmp.cleanup();
});

describe('mesh tasks ask the admission gate (real noble, bleno, llama.cpp, SQLite)', () => {
  it('refuses with the gate\'s words while unplugged, runs nothing and records nothing; serves on the charger', async () => {
    power.unplug();
    const refused = phone.requester.request(identity.agentId, { prompt: 'uvw', maxTokens: 100 }, { timeoutMs: 30_000 });
    await expect(refused).rejects.toThrow('not taking work now: On battery (60 %), run only while charging is on');
    expect(provider.runs).toBe(0);
    expect(store.countByState().pending).toBe(0);

    power.plugIn();
    const served = await phone.requester.request(identity.agentId, { prompt: 'uvw', maxTokens: 100 }, { timeoutMs: 30_000 });
    expect(served.output).toBe('xyz');
    expect(provider.runs).toBe(1);
    expect(gate.status()).toMatchObject({ state: 'running', running: 0 });
  }, 60_000);
});
