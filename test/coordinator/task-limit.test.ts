/**
 * The task limit granted at registration is what the coordinator's heartbeat policy says afterwards,
 * and a limit changed while a registration is on the wire still reaches the coordinator. A real
 * reference coordinator, the real client and session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoordinatorPolicy, HeartbeatRequest } from '../../src/main/coordinator-client/coordinator-schemas.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { mains, swarmRig, tempDir } from '../worker/swarm-fixture.js';

const running: RunningCoordinator[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
});
const noEngine = { run: () => Promise.reject(new Error('no task runs in this test')) };
const granted = (c: RunningCoordinator, agentId: string): unknown =>
  (JSON.parse((c.db.prepare('SELECT info FROM agents WHERE agent_id = ?').get(agentId) as { info: string }).info) as { maxConcurrentTasks?: unknown }).maxConcurrentTasks;
const beat = (agentId: string): HeartbeatRequest => ({ agentId, powerTelemetry: mains(), activeModel: null, activeModelParamSize: null, modelSwapInProgress: false });

describe('the task limit between runner and coordinator', () => {
  it('the heartbeat policy echoes the maxConcurrentTasks granted at registration', async () => {
    const c = await startCoordinator({ dataDir: tempDir('limit'), verifyThreads: 0 });
    running.push(c);
    const r = swarmRig({ url: c.url, engine: noEngine, label: 'limit-4' });
    r.settings.update({ worker: { maxConcurrentTasks: 4 } });
    await r.session.register();
    const policy: CoordinatorPolicy | undefined = (await r.client.heartbeat(beat(r.identity.agentId))).policy;
    expect(policy?.maxConcurrentTasks).toBe(4);
  });

  it('a limit change that joins a registration already on the wire with the old limit is still sent', async () => {
    const c = await startCoordinator({ dataDir: tempDir('limit-race'), verifyThreads: 0 });
    running.push(c);
    const r = swarmRig({ url: c.url, engine: noEngine, label: 'limit-race' });
    await r.session.register();
    expect(granted(c, r.identity.agentId)).toBe(1);
    const onTheWire = r.session.register(); // e.g. a 401 made the heartbeat register again: its body says 1
    r.settings.update({ worker: { maxConcurrentTasks: 3 } });
    await r.session.capacityChanged();
    await onTheWire;
    expect(granted(c, r.identity.agentId)).toBe(3);
    expect((await r.client.heartbeat(beat(r.identity.agentId))).policy?.maxConcurrentTasks).toBe(3);
  });
});
