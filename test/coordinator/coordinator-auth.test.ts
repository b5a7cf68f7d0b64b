/**
 * The reference coordinator knows who is calling: an agent acts only for itself with the token its
 * signed registration earned; admin operations take the operator token; no credential is a 401 that
 * says why. Every call goes through the real client or fetch against a real server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { signRegistration } from '../../src/main/ledger/registration-proof.js';
import { toBleSyncTransaction } from '../../src/main/ledger/tx-types.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { alice, bob, makeTx, seedOf } from '../ledger/fixtures/ledger-fixtures.js';
import { operatorHeaders, registrationOf } from '../support/coordinator-access.js';

const running: RunningCoordinator[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
});
async function coordinator(): Promise<RunningCoordinator> {
  const c = await startCoordinator({ dataDir: mkdtempSync(join(tmpdir(), 'coord-auth-')), verifyThreads: 0 });
  running.push(c);
  return c;
}
async function agent(c: RunningCoordinator, id: Identity): Promise<CoordinatorClient> {
  const client = new CoordinatorClient({ baseUrl: c.url });
  await client.register(registrationOf(id));
  return client;
}
const telemetry = { onACPower: true, thermalState: 'nominal' as const, cpuUsagePct: 1, memoryUsagePct: 1, deviceType: 'laptop' as const };
const beat = (agentId: string) => ({ agentId, powerTelemetry: telemetry, activeModel: null, activeModelParamSize: null, modelSwapInProgress: false });
const post = async (c: RunningCoordinator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(`${c.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const get = async (c: RunningCoordinator, path: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(`${c.url}${path}`, { headers });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe('reference coordinator: who is calling', () => {
  it("another agent's token cannot pull, post a result, heartbeat, hand back or read a task for it", async () => {
    const c = await coordinator();
    const a = alice();
    const m = new Identity(seedOf('mallory'));
    const alices = await agent(c, a);
    const mallorys = await agent(c, m);
    await post(c, '/admin/tasks', { id: 't1', kind: 'code', input: 'x' }, operatorHeaders(c));
    const { subtask } = await alices.pull(a.agentId);
    expect(subtask?.id).toBe('t1');
    const forged = { subtaskId: 't1', taskId: 't1', agentId: a.agentId, ok: true, output: 'poison', durationMs: 1 };
    await expect(mallorys.pull(a.agentId)).rejects.toMatchObject({ status: 403, code: 'agent_mismatch' });
    await expect(mallorys.result(forged)).rejects.toMatchObject({ status: 403, code: 'agent_mismatch' });
    await expect(mallorys.heartbeat(beat(a.agentId))).rejects.toMatchObject({ status: 403, code: 'agent_mismatch' });
    await expect(mallorys.release({ agentId: a.agentId, subtaskId: 't1' })).rejects.toMatchObject({ status: 403, code: 'agent_mismatch' });
    expect(await get(c, '/admin/tasks/t1', { 'x-agent-token': mallorys.agentCredential! })).toMatchObject({ status: 403, json: { error: 'not_your_task' } });
    // Nothing of that reached alice's task; she reads it and finishes it herself.
    expect(await get(c, '/admin/tasks/t1', { 'x-agent-token': alices.agentCredential! })).toMatchObject({ status: 200, json: { state: 'assigned', agentId: a.agentId } });
    await alices.result({ ...forged, output: 'hers' });
    expect((await get(c, '/admin/tasks/t1', operatorHeaders(c))).json).toMatchObject({ state: 'done', result: { output: 'hers' } });
    // A token altered to name alice is not hers.
    const [, mac] = mallorys.agentCredential!.split('.');
    const altered = `${Buffer.from(a.agentId).toString('base64url')}.${mac}`;
    expect(await post(c, '/pull', { agentId: a.agentId }, { 'x-agent-token': altered })).toMatchObject({ status: 401, json: { error: 'agent_unauthorized' } });
  });

  it('no credential: 401 with the reason, on every agent and admin route', async () => {
    const c = await coordinator();
    const a = alice();
    await agent(c, a);
    for (const [path, body] of [['/pull', { agentId: a.agentId }], ['/heartbeat', beat(a.agentId)], ['/result', { subtaskId: 't', taskId: 't', agentId: a.agentId, ok: true, output: '', durationMs: 1 }], ['/credits/ble-sync', { transactions: [] }]] as const) {
      const r = await post(c, path, body);
      expect(r, path).toMatchObject({ status: 401, json: { error: 'agent_unauthorized' } });
      expect(r.json.reason, path).toMatch(/no agent token \(x-agent-token/);
    }
    for (const r of [await post(c, '/admin/tasks', { kind: 'code', input: 'x' }), await get(c, '/admin/tasks/t'), await get(c, '/balances'), await get(c, '/ledger/verify')]) {
      expect(r.status).toBe(401);
      expect(String(r.json.reason)).toMatch(/token/);
    }
  });

  it('admin operations take the operator token, not the mesh token or an agent token; an agent sees only its own balance', async () => {
    const c = await coordinator();
    const a = alice();
    const b = bob();
    const alices = await agent(c, a);
    const bobs = await agent(c, b);
    const task = { kind: 'code', input: 'x' };
    expect((await post(c, '/admin/tasks', task, { 'x-mesh-token': c.meshToken })).status).toBe(401);
    expect((await post(c, '/admin/tasks', task, { 'x-agent-token': alices.agentCredential! })).status).toBe(401);
    expect((await post(c, '/admin/tasks', task, { 'x-operator-token': 'guess' })).json).toMatchObject({ error: 'operator_unauthorized', reason: 'wrong operator token' });
    expect((await post(c, '/admin/tasks', task, operatorHeaders(c))).status).toBe(200);
    expect((await get(c, '/ledger/verify', { 'x-agent-token': alices.agentCredential! })).status).toBe(401);
    const tx = makeTx(a, b, 1);
    expect((await bobs.bleSync({ transactions: [toBleSyncTransaction(tx)] })).applied).toEqual([tx.txId]);
    expect((await get(c, '/balances', operatorHeaders(c))).json.agents).toEqual({ [a.agentId]: { earnedMicro: 0, spentMicro: 1_100_000 }, [b.agentId]: { earnedMicro: 1_100_000, spentMicro: 0 } });
    expect((await get(c, '/balances', { 'x-agent-token': alices.agentCredential! })).json.agents).toEqual({ [a.agentId]: { earnedMicro: 0, spentMicro: 1_100_000 } });
  });

  it('the credit sync takes only transactions naming the caller', async () => {
    const c = await coordinator();
    const a = alice();
    const b = bob();
    await agent(c, a);
    await agent(c, b);
    const m = await agent(c, new Identity(seedOf('mallory')));
    const tx = makeTx(a, b, 1);
    await expect(m.bleSync({ transactions: [toBleSyncTransaction(tx)] })).rejects.toMatchObject({ status: 403, code: 'not_a_party' });
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number }).n).toBe(0);
  });

  it('registration proves the key: none, a stale one, one by another key, or an agentId bound to another key are refused', async () => {
    const c = await coordinator();
    const desk = new Identity(seedOf('desk'), 'desk-1');
    const impostor = new Identity(seedOf('impostor'), 'desk-1');
    const { proof: _none, ...unsigned } = registrationOf(desk);
    expect(await post(c, '/register', unsigned)).toMatchObject({ status: 400, json: { error: 'bad_request' } });
    expect(String((await post(c, '/register', unsigned)).json.reason)).toMatch(/proof is required/);
    const stale = registrationOf(desk, { proof: signRegistration(desk, Date.now() - 10 * 60_000) });
    expect(await post(c, '/register', stale)).toMatchObject({ status: 401, json: { error: 'bad_registration_proof' } });
    const signedByOther = registrationOf(desk, { proof: signRegistration(impostor, Date.now()) });
    expect(await post(c, '/register', signedByOther)).toMatchObject({ status: 401, json: { error: 'bad_registration_proof', reason: 'signature does not verify with this public key' } });
    // Nothing was bound by the refused attempts: the real desk registers, then the impostor cannot.
    await agent(c, desk);
    expect(await post(c, '/register', registrationOf(impostor))).toMatchObject({ status: 409, json: { error: 'agent_key_conflict' } });
  });

  it('a malformed % escape in /admin/tasks/<id> is a 400, not a 500', async () => {
    const c = await coordinator();
    expect(await get(c, '/admin/tasks/%E0%A4%A', operatorHeaders(c))).toMatchObject({ status: 400, json: { error: 'bad_task_id' } });
    expect(await get(c, '/admin/tasks/50%', operatorHeaders(c))).toMatchObject({ status: 400 });
  });
});
