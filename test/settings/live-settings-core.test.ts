/**
 * Settings applied live in the real core (createCore): two real reference coordinators, the real local
 * API read through the official openai client, the real admission gate over a simulated power source.
 */
import { createServer, type Server } from 'node:net';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../src/main/app/composition-root.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { dispatch } from '../../src/main/ipc/dispatcher.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import type { SettingsStore } from '../../src/main/settings/settings-store.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { Settings } from '../../src/shared/settings.js';
import type { NetworkState } from '../../src/shared/snapshot.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startCore(initial: Partial<Settings>): Promise<{ core: Core; settings: SettingsStore; power: SimulatedPowerSource; clock: ManualClock }> {
  const { dir, cleanup } = tempDir('edgecoder-live-settings-');
  cleanups.push(cleanup);
  const clock = new ManualClock();
  const logger = memoryLogger();
  const settings = openConfSettings(dir, logger, () => clock.now());
  settings.update(initial);
  const power = SimulatedPowerSource.laptop(80);
  const core = createCore({ dataDir: dir, settings, clock, logger, version: '0.0.0-test', inferenceTransport: childProcessTransport(), inferenceThreads: 1, power });
  await core.start();
  cleanups.push(() => core.stop());
  return { core, settings, power, clock };
}

async function coordinator(): Promise<RunningCoordinator> {
  const { dir, cleanup } = tempDir('edgecoder-live-coord-');
  const c = await startCoordinator({ dataDir: dir, verifyThreads: 0 });
  cleanups.push(cleanup, () => c.close());
  return c;
}

const nextOnline = (core: Core): Promise<NetworkState> =>
  new Promise((resolve) => {
    const off = core.network.onChange((state) => {
      if (state.state === 'online') {
        off();
        resolve(state);
      }
    });
  });

const lastHeartbeat = (c: RunningCoordinator, agentId: string): number | null =>
  (c.db.prepare('SELECT last_heartbeat FROM agents WHERE agent_id = ?').get(agentId) as { last_heartbeat: number | null } | undefined)?.last_heartbeat ?? null;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const activityNote = (core: Core, pattern: RegExp): Promise<string> =>
  new Promise((resolve) => {
    const find = (): boolean => {
      const hit = core.snapshot.current().activity.find((a) => pattern.test(a.message));
      if (hit) resolve(hit.message);
      return Boolean(hit);
    };
    if (find()) return;
    const off = core.bus.subscribe((e) => {
      if (e.name === 'activity' && find()) off();
    });
  });

const capacityBecomes = (core: Core, n: number): Promise<void> =>
  new Promise((resolve) => {
    const reached = (): boolean => core.snapshot.current().worker.capacity === n;
    if (reached()) return resolve();
    const off = core.bus.subscribe(() => {
      if (!reached()) return;
      off();
      resolve();
    });
  });

describe('settings applied live in the core', () => {
  it('a new coordinator address: the agent registers and heartbeats there at once, with the new mesh token', async () => {
    const first = await coordinator();
    const second = await coordinator();
    const { core, settings, clock } = await startCore({ mode: 'on', coordinatorUrl: first.url });
    const agentId = core.ledger?.identity.agentId ?? '';
    const online = nextOnline(core);
    await clock.advance(0);
    await online;
    expect(lastHeartbeat(first, agentId)).not.toBeNull();
    expect(settings.read().meshToken).toBe(first.meshToken);

    // No clock movement after the change: the check is immediate, not the next 15 s heartbeat.
    const onSecond = nextOnline(core);
    const saved = await dispatch(core.handlers, 'updateSettings', { changes: { coordinatorUrl: second.url } });
    expect(saved).toMatchObject({ ok: true, value: { ok: true, changed: ['coordinatorUrl'] } });
    await onSecond;
    expect(lastHeartbeat(second, agentId)).not.toBeNull();
    expect(settings.read().meshToken).toBe(second.meshToken);
    expect(core.snapshot.current().activity.map((a) => a.message)).toContain(`Settings saved: coordinator ${second.url} (registering there at the next heartbeat).`);

    // The next periodic heartbeat goes to the second coordinator too, never back to the first.
    const firstBefore = lastHeartbeat(first, agentId);
    const again = nextOnline(core);
    await clock.advance(15_000);
    await again;
    expect(lastHeartbeat(first, agentId)).toBe(firstBefore);
  }, 60_000);

  it('a new local API port: the old port refuses, the new one answers the openai client; a busy port fails with the reason', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const { core } = await startCore({ localApi: { port: portA } });
    await core.localApi.start();
    cleanups.push(() => core.localApi.stop());
    const client = (port: number) => new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: core.localApi.info().key, maxRetries: 0, timeout: 10_000 });
    expect((await client(portA).models.list()).data.map((m) => m.id)).toContain('auto');

    const moved = activityNote(core, new RegExp(`now listens on http://127\\.0\\.0\\.1:${portB}/v1`));
    expect(await dispatch(core.handlers, 'updateSettings', { changes: { localApi: { port: portB } } })).toMatchObject({ ok: true, value: { ok: true } });
    await moved;
    expect(core.localApi.info()).toMatchObject({ state: 'running', port: portB, baseUrl: `http://127.0.0.1:${portB}/v1` });
    expect((await client(portB).models.list()).data.map((m) => m.id)).toContain('auto');
    await expect(client(portA).models.list()).rejects.toThrow(/Connection error/);

    // A port another program holds: failed with the reason, and the previous port closed.
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(resolve)));
    const busy = (squatter.address() as { port: number }).port;
    const failed = activityNote(core, new RegExp(`Port ${busy} on 127\\.0\\.0\\.1 is already in use`));
    await dispatch(core.handlers, 'updateSettings', { changes: { localApi: { port: busy } } });
    await failed;
    expect(core.localApi.info()).toMatchObject({ state: 'failed', port: null, error: expect.stringContaining(`Port ${busy}`) });
    await expect(client(portB).models.list()).rejects.toThrow(/Connection error/);
  }, 60_000);

  it('power, task limit and serving nearby devices change the gate and the snapshot at once', async () => {
    const { core, power } = await startCore({ mode: 'on', coordinatorUrl: 'http://127.0.0.1:9' });
    power.unplug();
    await new Promise((resolve) => setImmediate(resolve));
    expect(core.gate.status().reasons.map((r) => r.code)).not.toContain('power_on_battery');

    await dispatch(core.handlers, 'updateSettings', { changes: { power: { runOnlyWhileCharging: true } } });
    // No event loop turn, no clock: the status and the published snapshot already say why.
    expect(core.gate.status()).toMatchObject({ state: 'paused' });
    expect(core.snapshot.current().worker.reasons).toContainEqual({ code: 'power_on_battery', message: 'On battery (80 %), run only while charging is on' });
    expect(core.snapshot.current().activity.map((a) => a.message)).toContain('Worker paused: On battery (80 %), run only while charging is on.');
    expect(core.gate.tryAdmit('swarm')).toMatchObject({ admitted: false });

    await dispatch(core.handlers, 'updateSettings', { changes: { power: { runOnlyWhileCharging: false, minBatteryPct: 90 } } });
    expect(core.snapshot.current().worker.reasons.map((r) => r.code)).not.toContain('power_on_battery');
    expect(core.snapshot.current().worker.reasons.map((r) => r.code).join(' ')).toMatch(/battery/);

    await dispatch(core.handlers, 'updateSettings', { changes: { worker: { maxConcurrentTasks: 4 } } });
    expect(core.snapshot.current().worker.capacity).toBe(4);
  }, 60_000);

  it('a higher task limit reaches the coordinator at once: it registers again and the coordinator\'s maximum follows', async () => {
    const c = await coordinator();
    const { core, clock } = await startCore({ mode: 'on', coordinatorUrl: c.url, worker: { maxConcurrentTasks: 1 } });
    const online = nextOnline(core);
    await clock.advance(0);
    await online;
    expect(core.snapshot.current().worker.capacity).toBe(1);

    // The coordinator's maximum was 1 (what the registration said); without registering again the
    // gate would stay at min(3, 1) until the app restarted. No clock movement: no heartbeat is due.
    const raised = capacityBecomes(core, 3);
    await dispatch(core.handlers, 'updateSettings', { changes: { worker: { maxConcurrentTasks: 3 } } });
    await raised;
    expect(core.gate.status().capacity).toBe(3);

    // The next heartbeat's policy echoes the limit granted at registration (it said 1 whatever was granted).
    const beats = core.snapshot.current().network.heartbeats.length;
    await clock.advance(15_000);
    await vi.waitFor(() => expect(core.snapshot.current().network.heartbeats.length).toBeGreaterThan(beats));
    expect(core.snapshot.current().network.heartbeats.at(-1)).toMatchObject({ ok: true });
    expect(core.gate.status().capacity).toBe(3);

    // Lowering applies at once (the smaller of the two), and is told to the coordinator as well.
    await dispatch(core.handlers, 'updateSettings', { changes: { worker: { maxConcurrentTasks: 2 } } });
    expect(core.snapshot.current().worker.capacity).toBe(2);
  }, 60_000);
});
