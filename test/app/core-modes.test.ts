/**
 * The whole core as a shell builds it (createCore): the simulated Bluetooth air with the real noble and
 * bleno, a temp data folder, conf settings, llama.cpp in a child process with the tiny test model, a
 * simulated power source, and the reference coordinator on 127.0.0.1 behind a counting hop. For each
 * mode: which services run (heartbeats, the link watcher, the swarm worker's pulls, the Bluetooth
 * central and peripheral) and that the local API answers the user in every mode. Time is a ManualClock:
 * heartbeats and link reads are counted per interval, so a second loop would show.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/app/composition-root.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { startSimulatedBluetooth, type SimulatedBluetooth } from '../../src/sim/host/sim-bluetooth.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import type { SettingsStore } from '../../src/main/settings/settings-store.js';
import type { ComputeMode } from '../../src/shared/modes.js';
import type { BluetoothState } from '../../src/shared/snapshot.js';
import { testModels } from '../inference/helpers.js';
import { startGate, type CoordinatorGate } from '../network/coordinator-gate.js';
import { snapshotWhere } from '../support/snapshot-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const HEARTBEAT_MS = 15_000;
const clock = new ManualClock();
const logger = memoryLogger();
const dirs = [tempDir('edgecoder-core-modes-'), tempDir('edgecoder-core-modes-coord-')];
let coordinator: RunningCoordinator;
let gate: CoordinatorGate;
let sim: SimulatedBluetooth;
let settings: SettingsStore;
let core: Core;
let linkReads = 0;

beforeAll(async () => {
  coordinator = await startCoordinator({ dataDir: dirs[1]?.dir ?? '', verifyThreads: 0 });
  gate = await startGate(coordinator.url);
  sim = await startSimulatedBluetooth({ phones: 0, iphones: 0, laptops: 0, taskEverySec: 0 }, logger);
  const dataDir = dirs[0]?.dir ?? '';
  settings = openConfSettings(dataDir, logger, () => clock.now());
  settings.update({ mode: 'off', coordinatorUrl: gate.url });
  core = createCore({
    dataDir, settings, clock, logger, version: '0.0.0-test', inferenceTransport: childProcessTransport(), inferenceThreads: 1,
    power: SimulatedPowerSource.laptop(80), ble: sim.ble, localApiPort: 0,
    // The OS link is up; every read is counted (the link watcher reads once a second, each heartbeat once).
    network: { hasLink: () => (linkReads++, true) },
  });
  await core.start();
  await core.localApi.start();
  const entry = await core.inference.models.addLocal((await testModels()).tiny);
  core.inference.models.select(entry.fileName);
  await snapshotWhere(core, (s) => s.model?.state === 'ready');
}, 120_000);

afterAll(async () => {
  await core?.localApi.stop();
  await core?.stop();
  await sim?.stop();
  await gate?.close();
  await coordinator?.close();
  for (const d of dirs) d.cleanup();
});

const count = (path: string): number => gate.forwarded.get(path) ?? 0;

/** Moves time by whole heartbeat intervals, letting each heartbeat finish; returns heartbeats, link-watcher reads and pulls seen. */
async function run(intervals: number): Promise<{ heartbeats: number; watcherReads: number; pulls: number }> {
  const before = { hb: count('/heartbeat'), reads: linkReads, pulls: count('/pull') };
  for (let i = 0; i < intervals; i++) {
    await clock.advance(HEARTBEAT_MS);
    await core.network.settled();
  }
  const heartbeats = count('/heartbeat') - before.hb;
  // Each heartbeat reads the link once before it goes out; every other read is the watcher's.
  return { heartbeats, watcherReads: linkReads - before.reads - heartbeats, pulls: count('/pull') - before.pulls };
}

async function switchTo(mode: ComputeMode, bluetooth: BluetoothState['state']): Promise<void> {
  core.mode.set(mode, 'user');
  await snapshotWhere(core, (s) => s.mode === mode && s.bluetooth.state === bluetooth);
}

/** The user's own request through the local API with the official client: who served it and what it said. */
async function askLocalApi(): Promise<{ text: string | undefined; servedBy: string | null }> {
  const info = core.localApi.info();
  const client = new OpenAI({ baseURL: info.baseUrl ?? '', apiKey: info.key, maxRetries: 0, timeout: 60_000 });
  const { data, response } = await client.completions.create({ model: 'auto', prompt: 'uvw', max_tokens: 20 }).withResponse();
  return { text: data.choices[0]?.text, servedBy: response.headers.get('x-edgecoder-served-by') };
}

let offTimers = 0;

describe('the core in each mode (createCore on the simulated air, real coordinator and llama.cpp)', () => {
  it("Off: no heartbeat, no link watcher, no swarm, Bluetooth off; the local API answers on this computer's model", async () => {
    expect(await run(3)).toEqual({ heartbeats: 0, watcherReads: 0, pulls: 0 });
    expect(count('/register')).toBe(0);
    expect(core.network.isRunning).toBe(false);
    const s = core.snapshot.current();
    expect(s.bluetooth).toMatchObject({ state: 'not-started', detail: 'Bluetooth is off while the mode is Off.' });
    expect(s.worker.state).toBe('off');
    // Taken before the request below: answering it publishes slices (a short coalescing timer).
    offTimers = clock.pending;
    expect(await askLocalApi()).toEqual({ text: 'xyz', servedBy: 'this computer' });
  }, 60_000);

  it('On: registers and heartbeats every 15 s, the link is read every second, the swarm pulls, Bluetooth scans and advertises', async () => {
    const heartbeat = gate.nextForwarded('/heartbeat');
    const pulled = gate.nextForwarded('/pull');
    await switchTo('on', 'scanning+advertising');
    await clock.advance(0);
    await heartbeat;
    await pulled; // the swarm worker asked the coordinator for work
    expect(count('/register')).toBe(1);
    expect(core.network.isRunning).toBe(true);
    await snapshotWhere(core, (s) => s.network.state === 'online' && s.worker.state === 'running');

    const seen = await run(3);
    expect(seen).toMatchObject({ heartbeats: 3, watcherReads: 45 });
    expect(seen.pulls).toBeGreaterThan(0); // empty pulls back off up to a heartbeat interval, then pull again
    expect(await askLocalApi()).toEqual({ text: 'xyz', servedBy: 'this computer' });
  }, 60_000);

  it('On follows useNearbyWhileOn and serveNearbyWhileOn live: each Bluetooth role on its own', async () => {
    settings.update({ useNearbyWhileOn: false });
    await snapshotWhere(core, (s) => s.bluetooth.state === 'advertising');
    settings.update({ useNearbyWhileOn: true, serveNearbyWhileOn: false });
    await snapshotWhere(core, (s) => s.bluetooth.state === 'scanning');
    settings.update({ useNearbyWhileOn: false });
    const off = await snapshotWhere(core, (s) => s.bluetooth.state === 'not-started');
    expect(off.bluetooth.detail).toBe('In On, using nearby devices and serving nearby devices is turned off in settings.');
    // Heartbeats and the swarm do not depend on Bluetooth.
    expect(await run(1)).toMatchObject({ heartbeats: 1, watcherReads: 15 });
    expect(await askLocalApi()).toEqual({ text: 'xyz', servedBy: 'this computer' });
    settings.update({ useNearbyWhileOn: true, serveNearbyWhileOn: true });
    await snapshotWhere(core, (s) => s.bluetooth.state === 'scanning+advertising');
  }, 60_000);

  it('Bluetooth Local: the coordinator is still watched (to sync when it returns) but the swarm stops; Bluetooth scans and advertises', async () => {
    await switchTo('bluetooth-local', 'scanning+advertising');
    expect(await run(3)).toEqual({ heartbeats: 3, watcherReads: 45, pulls: 0 });
    expect(core.network.isRunning).toBe(true);
    expect(await askLocalApi()).toEqual({ text: 'xyz', servedBy: 'this computer' });
  }, 60_000);

  it('switching back and forth at odd moments starts nothing twice; Off stops everything it started', async () => {
    const steps: Array<[ComputeMode, BluetoothState['state'], number]> = [
      ['on', 'scanning+advertising', 4_000], ['off', 'not-started', 3_000], ['on', 'scanning+advertising', 7_000],
      ['bluetooth-local', 'scanning+advertising', 2_000], ['on', 'scanning+advertising', 5_000], ['off', 'not-started', 1_000],
      ['bluetooth-local', 'scanning+advertising', 6_000], ['on', 'scanning+advertising', 0],
    ];
    for (const [mode, bluetooth, ms] of steps) {
      await switchTo(mode, bluetooth);
      await clock.advance(ms);
      await core.network.settled();
    }
    // One heartbeat loop and one link watcher, whatever phase the earlier loops had.
    expect(await run(4)).toMatchObject({ heartbeats: 4, watcherReads: 60 });
    expect(await askLocalApi()).toEqual({ text: 'xyz', servedBy: 'this computer' });

    await switchTo('off', 'not-started');
    await core.network.settled();
    expect(await run(5)).toEqual({ heartbeats: 0, watcherReads: 0, pulls: 0 });
    expect(core.network.isRunning).toBe(false);
    // No timer of any service it started is left running.
    expect(clock.pending).toBe(offTimers);
    expect(await askLocalApi()).toEqual({ text: 'xyz', servedBy: 'this computer' });
  }, 120_000);
});
