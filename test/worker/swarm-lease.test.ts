import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { LeaseExpiredError } from '../../src/main/coordinator-client/coordinator-errors.js';
import type { PowerTelemetry } from '../../src/main/coordinator-client/coordinator-schemas.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { powerDeferral } from '../../src/coordinator/power-deferral.js';
import type { ReportedPower } from '../../src/coordinator/power-deferral.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { signRegistration } from '../../src/main/ledger/registration-proof.js';
import { seedOf } from '../ledger/fixtures/ledger-fixtures.js';
import { registrationOf } from '../support/coordinator-access.js';

const running: RunningCoordinator[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
});
let now = 1_000_000;
async function coordinator(dataDir = mkdtempSync(join(tmpdir(), 'coord-lease-'))): Promise<RunningCoordinator> {
  const c = await startCoordinator({ dataDir, verifyThreads: 0, now: () => now, leaseGraceMs: 1_000 });
  running.push(c);
  return c;
}
const power = (p: Partial<PowerTelemetry> = {}): PowerTelemetry => ({ onACPower: true, batteryPct: null, thermalState: 'nominal', cpuUsagePct: 5, memoryUsagePct: 30, deviceType: 'laptop', ...p });
async function agent(c: RunningCoordinator, agentId: string): Promise<CoordinatorClient> {
  const client = new CoordinatorClient({ baseUrl: c.url });
  const id = new Identity(seedOf(agentId), agentId);
  await client.register(registrationOf(id, { powerTelemetry: power(), proof: signRegistration(id, now) }));
  return client;
}
const admin = async (c: RunningCoordinator, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(`${c.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'x-operator-token': c.operatorToken }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const result = (subtaskId: string, agentId: string, output: string) => ({ subtaskId, taskId: subtaskId, agentId, ok: true, output, durationMs: 3 });

describe('reference coordinator leases', () => {
  it('requeues a task whose worker vanished after timeoutMs + grace, refuses the late result, shows the state', async () => {
    const c = await coordinator();
    const a = await agent(c, 'worker-a');
    const b = await agent(c, 'worker-b');
    await admin(c, '/admin/tasks', { id: 't1', kind: 'code', input: 'x', timeoutMs: 5_000 });
    expect((await a.pull('worker-a')).subtask?.id).toBe('t1');
    expect((await admin(c, '/admin/tasks/t1')).json).toMatchObject({ id: 't1', state: 'assigned', agentId: 'worker-a', attempts: 1, leaseExpiresAt: now + 6_000, result: null });
    now += 5_999; // still leased to a: b gets nothing
    expect((await b.pull('worker-b')).subtask).toBeNull();
    now += 1;
    expect((await b.pull('worker-b')).subtask?.id).toBe('t1');
    const late = await a.result(result('t1', 'worker-a', 'late')).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(LeaseExpiredError);
    expect((late as Error).message).toMatch(/lease expired or reassigned/);
    expect(late).toMatchObject({ status: 409, code: 'lease_expired' });
    await b.result(result('t1', 'worker-b', 'on time'));
    expect((await admin(c, '/admin/tasks/t1')).json).toMatchObject({ state: 'done', agentId: 'worker-b', attempts: 2, result: { ok: true, output: 'on time' } });
    // After b finished, a's result is still refused; b's other result for it too (its identical repeat is accepted, see below).
    await expect(a.result(result('t1', 'worker-a', 'late'))).rejects.toMatchObject({ status: 409, code: 'lease_expired' });
    await expect(b.result(result('t1', 'worker-b', 'again'))).rejects.toMatchObject({ status: 409, code: 'already_reported' });
    expect((await admin(c, '/admin/tasks/nope')).status).toBe(404);
    expect((await fetch(`${c.url}/admin/tasks/t1`)).status).toBe(401);
  });

  it('refuses a result that arrives after the lease ran out even when nobody took the task yet, and queues it again', async () => {
    const c = await coordinator();
    const a = await agent(c, 'worker-a');
    await admin(c, '/admin/tasks', { id: 't2', kind: 'code', input: 'x', timeoutMs: 1_000 });
    expect((await a.pull('worker-a')).subtask?.id).toBe('t2');
    now += 2_000;
    await expect(a.result(result('t2', 'worker-a', 'late'))).rejects.toMatchObject({ status: 409, code: 'lease_expired' });
    expect((await admin(c, '/admin/tasks/t2')).json).toMatchObject({ state: 'queued', agentId: null, attempts: 1 });
    expect((await a.pull('worker-a')).subtask?.id).toBe('t2');
    await a.result(result('t2', 'worker-a', 'ok'));
    expect((await admin(c, '/admin/tasks/t2')).json).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('fails a task whose lease ran out 3 times, with the last error, instead of queueing it for ever', async () => {
    const c = await coordinator();
    const a = await agent(c, 'worker-a');
    const b = await agent(c, 'worker-b');
    await admin(c, '/admin/tasks', { id: 'loop', kind: 'code', input: 'x', timeoutMs: 1_000 });
    for (const [client, id] of [[a, 'worker-a'], [b, 'worker-b'], [a, 'worker-a']] as const) {
      expect((await client.pull(id)).subtask?.id).toBe('loop');
      now += 2_001; // timeoutMs + grace, and a little more: the lease runs out
    }
    expect((await b.pull('worker-b')).subtask).toBeNull();
    expect((await admin(c, '/admin/tasks/loop')).json).toMatchObject({
      state: 'failed', attempts: 3, lastError: 'agent worker-a did not report within its lease (1000 ms + grace)',
      result: { ok: false, output: '', error: 'gave up after 3 attempts: agent worker-a did not report within its lease (1000 ms + grace)' },
    });
    await expect(a.result(result('loop', 'worker-a', 'too late'))).rejects.toMatchObject({ status: 409, code: 'lease_expired' });
  });

  it('a task handed back is queued again at once and the hand-back does not use up an attempt', async () => {
    const c = await coordinator();
    const a = await agent(c, 'worker-a');
    const b = await agent(c, 'worker-b');
    await admin(c, '/admin/tasks', { id: 'back', kind: 'code', input: 'x', timeoutMs: 600_000 });
    expect((await a.pull('worker-a')).subtask?.id).toBe('back');
    await expect(b.release({ agentId: 'worker-b', subtaskId: 'back' })).rejects.toMatchObject({ status: 409, code: 'not_leased' });
    await a.release({ agentId: 'worker-a', subtaskId: 'back', reason: 'the worker stopped' });
    expect((await admin(c, '/admin/tasks/back')).json).toMatchObject({ state: 'queued', attempts: 0, lastError: 'handed back by worker-a: the worker stopped' });
    expect((await b.pull('worker-b')).subtask?.id).toBe('back');
  });

  it('defers pulls while the last heartbeat says battery < 15 % or a hot device, and hands work out again after', async () => {
    const c = await coordinator();
    const a = await agent(c, 'worker-a');
    await admin(c, '/admin/tasks', { id: 't3', kind: 'code', input: 'x' });
    const beat = (p: PowerTelemetry) => a.heartbeat({ agentId: 'worker-a', powerTelemetry: p, activeModel: null, activeModelParamSize: null, modelSwapInProgress: false });
    await beat(power({ onACPower: false, batteryPct: 12 }));
    expect(await a.pull('worker-a')).toEqual({ subtask: null, powerDeferred: true, reason: 'on battery at 12 % (< 15 %)' });
    await beat(power({ thermalState: 'critical' }));
    expect(await a.pull('worker-a')).toMatchObject({ subtask: null, powerDeferred: true, reason: 'thermal state critical' });
    expect((await admin(c, '/admin/tasks/t3')).json).toMatchObject({ state: 'queued', attempts: 0 });
    await beat(power({ onACPower: false, batteryPct: 15 }));
    expect((await a.pull('worker-a')).subtask?.id).toBe('t3');
  });

  it('migrates a coordinator database from before leases without losing its tasks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coord-v1-'));
    const c = await coordinator(dir);
    await admin(c, '/admin/tasks', { id: 'old', kind: 'code', input: 'x' });
    await c.close();
    running.splice(0);
    // Turn it back into a v1 database: drop the v2 columns.
    const db = new Database(join(dir, 'coordinator.db'));
    for (const [t, col] of [['tasks', 'attempts'], ['tasks', 'assigned_at'], ['tasks', 'lease_expires_at'], ['tasks', 'last_error'], ['agents', 'power']] as const) {
      if (col === 'lease_expires_at') db.exec('DROP INDEX tasks_lease');
      db.exec(`ALTER TABLE ${t} DROP COLUMN ${col}`);
    }
    db.pragma('user_version = 1');
    db.close();
    const again = await coordinator(dir);
    const a = await agent(again, 'worker-a');
    expect((await a.pull('worker-a')).subtask?.id).toBe('old');
    expect((await admin(again, '/admin/tasks/old')).json).toMatchObject({ state: 'assigned', attempts: 1 });
  });
});

describe('the coordinator power rule', () => {
  const cases: Array<[string, Partial<ReportedPower> | null, string | null]> = [
    ['no telemetry', null, null],
    ['laptop on AC, battery low', { onACPower: true, batteryPct: 5, deviceType: 'laptop' }, null],
    ['laptop on battery at 14 %', { onACPower: false, batteryPct: 14, deviceType: 'laptop' }, 'on battery at 14 % (< 15 %)'],
    ['laptop on battery at 15 %', { onACPower: false, batteryPct: 15, deviceType: 'laptop' }, null],
    ['battery unknown', { onACPower: false, batteryPct: null, deviceType: 'laptop' }, null],
    ['phone at 20 %', { onACPower: false, batteryPct: 20, deviceType: 'phone' }, 'phone on battery at 20 % (≤ 20 %)'],
    ['phone at 21 %', { onACPower: false, batteryPct: 21, deviceType: 'phone' }, null],
    ['serious thermal state on AC', { onACPower: true, thermalState: 'serious' }, 'thermal state serious'],
    ['fair thermal state', { onACPower: true, thermalState: 'fair' }, null],
  ];
  it.each(cases)('%s', (_name, p, expected) => {
    expect(powerDeferral(p as ReportedPower | null)).toBe(expected);
  });
});
