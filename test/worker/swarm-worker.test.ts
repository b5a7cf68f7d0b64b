import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoordinatorUnreachableError } from '../../src/main/coordinator-client/coordinator-errors.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { adminTask, mains, queueTasks, swarmRig, tempDir } from './swarm-fixture.js';
import type { SwarmRig } from './swarm-fixture.js';
import type { PauseReason } from '../../src/shared/snapshot.js';
import { swarmActivityLine } from '../../src/main/worker/swarm-activity.js';
import type { SwarmTaskEvent } from '../../src/main/worker/swarm-activity.js';

let engine: InferenceEngine;
const coordinators: RunningCoordinator[] = [];
const rigs: SwarmRig[] = [];
beforeAll(async () => {
  const models = await testModels();
  engine = testEngine({ modelPath: models.tiny });
  await engine.start();
});
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.worker.stop();
  for (const c of coordinators.splice(0)) await c.close();
});
afterAll(async () => {
  await engine?.stop();
});
async function coordinator(port = 0, dataDir = tempDir('coord')): Promise<RunningCoordinator> {
  const c = await startCoordinator({ dataDir, port, verifyThreads: 0 });
  coordinators.push(c);
  return c;
}
function rig(c: RunningCoordinator, label: string): SwarmRig {
  const r = swarmRig({ url: c.url, engine, label });
  rigs.push(r);
  return r;
}

describe('swarm worker against the reference coordinator and real llama.cpp', () => {
  it('does 50 queued tasks exactly once each, then backs off', async () => {
    const c = await coordinator();
    const ids = Array.from({ length: 50 }, (_, i) => `task-${String(i).padStart(2, '0')}`);
    await queueTasks(c, ids.map((id, i) => ({ id, input: `Task ${i}:` })));
    const r = rig(c, 'fifty');
    const done = r.tasks(50);
    const idle = r.worker.start().then(() => r.statusWhere((s) => s.state === 'backing-off' && s.tasksDone === 50));
    const events = await done;
    expect(events.every((e) => e.report === 'accepted' && e.ok)).toBe(true);
    expect(new Set(events.map((e) => e.subtaskId)).size).toBe(50);
    for (const id of ids) {
      expect(await adminTask(c, id)).toMatchObject({ id, state: 'done', attempts: 1, agentId: r.identity.agentId, result: { ok: true, output: ALPHABET_OUTPUT } });
    }
    const status = await idle;
    expect(status).toMatchObject({ tasksDone: 50, tasksFailed: 0, running: 0, lastError: null });
    expect(status.detail).toMatch(/No work queued at the coordinator\. Next pull in 2 s\./);
  });

  it('registers again after the coordinator restarts on a fresh database, and carries on', async () => {
    const first = await coordinator();
    await queueTasks(first, [{ id: 'before', input: 'A:' }]);
    const r = rig(first, 'restart');
    const one = r.tasks(1);
    await r.worker.start();
    expect((await one)[0]).toMatchObject({ subtaskId: 'before', report: 'accepted' });
    await r.statusWhere((s) => s.state === 'backing-off');
    const port = first.port;
    await first.close();
    coordinators.splice(coordinators.indexOf(first), 1);
    // While it is down the worker's pulls fail and back off further.
    const failed = r.statusWhere((s) => s.state === 'backing-off' && s.lastError !== null);
    await r.clock.advance(17_000);
    expect((await failed).lastError).toMatch(/unreachable/);
    const second = await coordinator(port);
    expect(second.meshToken).not.toBe(first.meshToken);
    await queueTasks(second, [{ id: 'after-1', input: 'B:' }, { id: 'after-2', input: 'C:' }]);
    const two = r.tasks(2);
    await r.clock.advance(17_000);
    expect((await two).map((e) => [e.subtaskId, e.report])).toEqual([['after-1', 'accepted'], ['after-2', 'accepted']]);
    expect(await adminTask(second, 'after-2')).toMatchObject({ state: 'done', attempts: 1, agentId: r.identity.agentId });
  });

  it('takes no task while the coordinator defers it for power, and resumes once the heartbeat says it may', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'held', input: 'H:' }]);
    const r = rig(c, 'power');
    r.setPower(mains({ onACPower: false, batteryPct: 9 }));
    await r.session.heartbeat(AbortSignal.timeout(10_000));
    const deferred = r.statusWhere((s) => s.state === 'deferred');
    await r.worker.start();
    expect((await deferred).detail).toMatch(/power reasons: on battery at 9 % \(< 15 %\)\. Next pull in 15 s\./);
    expect(await adminTask(c, 'held')).toMatchObject({ state: 'queued', attempts: 0 });
    // Still deferred on the next pull.
    const again = r.statusWhere((s) => s.state === 'pulling');
    await r.clock.advance(16_500);
    await again;
    await r.statusWhere((s) => s.state === 'deferred');
    expect(await adminTask(c, 'held')).toMatchObject({ state: 'queued', attempts: 0 });
    r.setPower(mains({ onACPower: true, batteryPct: 9 }));
    await r.session.heartbeat(AbortSignal.timeout(10_000));
    const ran = r.tasks(1);
    await r.clock.advance(16_500);
    expect((await ran)[0]).toMatchObject({ subtaskId: 'held', report: 'accepted', ok: true });
    expect(await adminTask(c, 'held')).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('a task whose pull raced a stop is handed back at once: another worker does it within seconds, not after the lease', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'raced', input: 'R:', timeoutMs: 600_000 }]);
    let pulled!: () => void;
    const leased = new Promise<void>((resolve) => (pulled = resolve));
    let deliver!: () => void;
    const onTheWire = new Promise<void>((resolve) => (deliver = resolve));
    // The real client and coordinator; the reply is held after the lease was taken, as if still on the wire.
    const stopper = swarmRig({
      url: c.url, engine, label: 'stopper',
      wrapClient: (client) => ({
        pull: async (id, o) => {
          const reply = await client.pull(id, o);
          pulled();
          await onTheWire;
          return reply;
        },
        result: (b, o) => client.result(b, o),
        release: (b, o) => client.release(b, o),
      }),
    });
    rigs.push(stopper);
    const events: SwarmTaskEvent[] = [];
    stopper.worker.on('task', (e) => events.push(e));
    await stopper.worker.start();
    await leased;
    expect(await adminTask(c, 'raced')).toMatchObject({ state: 'assigned', agentId: stopper.identity.agentId });
    const stopped = stopper.worker.stop(); // the mode changed while the pull was in flight
    deliver();
    await stopped;
    expect(events).toEqual([{ subtaskId: 'raced', taskId: 'raced', ok: false, durationMs: 0, report: 'handed-back' }]);
    expect(swarmActivityLine(events[0]!).text).toMatch(/^Handed swarm task raced back to the coordinator: it arrived after the worker stopped/);
    expect(await adminTask(c, 'raced')).toMatchObject({ state: 'queued', agentId: null, attempts: 0 });
    const t0 = Date.now();
    const other = rig(c, 'other');
    const done = other.tasks(1);
    await other.worker.start();
    expect((await done)[0]).toMatchObject({ subtaskId: 'raced', report: 'accepted', ok: true });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await adminTask(c, 'raced')).toMatchObject({ state: 'done', attempts: 1, agentId: other.identity.agentId });
  });

  it('a result delivered whose reply was lost is sent again, answered as already accepted, and counted done', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'lost-reply', input: 'L:' }]);
    let posts = 0;
    let lost!: () => void;
    const replyLost = new Promise<void>((resolve) => (lost = resolve));
    const r = swarmRig({
      url: c.url, engine, label: 'lost-reply',
      wrapClient: (client) => ({
        pull: (id, o) => client.pull(id, o),
        release: (b, o) => client.release(b, o),
        result: async (b, o) => {
          await client.result(b, o); // the coordinator takes it…
          if (++posts === 1) {
            lost();
            throw new CoordinatorUnreachableError('/result', new Error('socket hang up')); // …and the reply never arrives
          }
        },
      }),
    });
    rigs.push(r);
    const done = r.tasks(1);
    await r.worker.start();
    await replyLost;
    await vi.waitFor(() => expect(r.clock.pending).toBeGreaterThan(0)); // the retry's wait
    await r.clock.advance(1_000);
    expect((await done)[0]).toMatchObject({ subtaskId: 'lost-reply', report: 'accepted', ok: true });
    expect(posts).toBe(2);
    expect(r.worker.status).toMatchObject({ tasksDone: 1, tasksFailed: 0 });
    expect(await adminTask(c, 'lost-reply')).toMatchObject({ state: 'done', attempts: 1, result: { ok: true, output: ALPHABET_OUTPUT } });
  });

  it('pulls nothing while the gate is closed and starts when it opens; stop() stops pulling at once', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'gated', input: 'G:' }]);
    let reasons: PauseReason[] = [{ code: 'no_model', message: 'No model is chosen.' }];
    const r = swarmRig({ url: c.url, engine, label: 'gate', pauseReasons: () => reasons });
    rigs.push(r);
    await r.worker.start();
    expect(r.worker.status).toMatchObject({ state: 'idle', detail: 'No model is chosen.' });
    expect(await adminTask(c, 'gated')).toMatchObject({ state: 'queued' });
    reasons = [];
    const ran = r.tasks(1);
    r.admission.changed();
    expect((await ran)[0]).toMatchObject({ subtaskId: 'gated', report: 'accepted' });
    await r.worker.stop();
    await queueTasks(c, [{ id: 'after-stop', input: 'S:' }]);
    await r.clock.advance(60_000);
    expect(r.worker.status.state).toBe('stopped');
    expect(r.clock.pending).toBe(0);
    expect(await adminTask(c, 'after-stop')).toMatchObject({ state: 'queued', attempts: 0 });
  });
});
