import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoordinatorHttpError } from '../../src/main/coordinator-client/coordinator-errors.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { countersign, createSignedIntent } from '../../src/main/ledger/tx-protocol.js';
import { toBleSyncTransaction } from '../../src/main/ledger/tx-types.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { operatorHeaders, registrationOf } from '../support/coordinator-access.js';
import type { RegisterRequest } from '../../src/main/coordinator-client/coordinator-schemas.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { alice, bob, makeTx, seedOf, sha256Hex, tamperings } from './fixtures/ledger-fixtures.js';

const running: RunningCoordinator[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
});
async function coordinator(dataDir = mkdtempSync(join(tmpdir(), 'coord-'))): Promise<RunningCoordinator & { dataDir: string }> {
  const c = await startCoordinator({ dataDir, maxBodyBytes: 512 * 1024 });
  running.push(c);
  return Object.assign(c, { dataDir });
}
const registration = (id: Identity): RegisterRequest => registrationOf(id, { version: '0.1.0', clientType: 'edgecoder-runner' });
async function registered(c: RunningCoordinator, ...ids: Identity[]): Promise<CoordinatorClient> {
  const client = new CoordinatorClient({ baseUrl: c.url });
  for (const id of ids) await client.register(registration(id));
  return client;
}
const balances = async (c: RunningCoordinator): Promise<{ agents: Record<string, { earnedMicro: number; spentMicro: number }>; settledCount: number }> =>
  (await fetch(`${c.url}/balances`, { headers: { 'x-operator-token': c.operatorToken } })).json() as never;

describe('reference coordinator: worker endpoints', () => {
  it('registers, issues the mesh token, heartbeats, hands out queued work and takes results (the same result twice: accepted once)', async () => {
    const c = await coordinator();
    const a = alice();
    const client = await registered(c, a);
    expect(client.token).toBe(c.meshToken);
    await expect(client.heartbeat({ agentId: 'stranger', powerTelemetry: { onACPower: true, thermalState: 'nominal', cpuUsagePct: 1, memoryUsagePct: 1, deviceType: 'laptop' }, activeModel: null, activeModelParamSize: null, modelSwapInProgress: false }))
      .rejects.toMatchObject({ status: 403, code: 'agent_mismatch' });
    expect((await client.heartbeat({ agentId: a.agentId, powerTelemetry: { onACPower: true, thermalState: 'nominal', cpuUsagePct: 1, memoryUsagePct: 1, deviceType: 'laptop' }, activeModel: 'q', activeModelParamSize: 1.5, modelSwapInProgress: false })).ok).toBe(true);
    expect((await client.pull(a.agentId)).subtask).toBeNull();
    const add = await fetch(`${c.url}/admin/tasks`, { method: 'POST', headers: { 'x-operator-token': c.operatorToken }, body: JSON.stringify({ kind: 'code', input: 'print(1)', language: 'python' }) });
    expect(add.status).toBe(200);
    const again = await fetch(`${c.url}/admin/tasks`, { method: 'POST', headers: { 'x-operator-token': c.operatorToken }, body: JSON.stringify({ id: 'fixed', kind: 'code', input: 'x' }) });
    expect(again.status).toBe(200);
    const dup = await fetch(`${c.url}/admin/tasks`, { method: 'POST', headers: { 'x-operator-token': c.operatorToken }, body: JSON.stringify({ id: 'fixed', kind: 'code', input: 'x' }) });
    expect([dup.status, ((await dup.json()) as { error: string }).error]).toEqual([409, 'duplicate_task']);
    const { subtask } = await client.pull(a.agentId);
    expect(subtask).toMatchObject({ kind: 'code', input: 'print(1)', language: 'python' });
    const body = { subtaskId: subtask!.id, taskId: subtask!.taskId, agentId: a.agentId, ok: true, output: '1', durationMs: 5 };
    await client.result(body);
    // The reply to the first post was lost: the worker sends the same result again and hears it was accepted.
    const repeat = await fetch(`${c.url}/result`, { method: 'POST', headers: { 'x-agent-token': client.agentCredential! }, body: JSON.stringify(body) });
    expect([repeat.status, await repeat.json()]).toEqual([200, { ok: true, alreadyAccepted: true }]);
    await expect(client.result({ ...body, output: '2' })).rejects.toMatchObject({ status: 409, code: 'already_reported' });
    expect((await fetch(`${c.url}/admin/tasks/${subtask!.id}`, { headers: operatorHeaders(c) }).then((x) => x.json()))).toMatchObject({ state: 'done', result: { output: '1' } });
  });

  it('refuses a call without an agent token, re-binding an agentId to another key, oversized and non-JSON bodies', async () => {
    const c = await coordinator();
    const a = alice();
    await registered(c, a);
    const bad = new CoordinatorClient({ baseUrl: c.url, meshToken: c.meshToken });
    await expect(bad.pull(a.agentId)).rejects.toMatchObject({ status: 401, code: 'agent_unauthorized' });
    const mallory = new Identity(seedOf('mallory'), 'desk-1');
    await registered(c, mallory);
    const impostor = new Identity(seedOf('impostor'), 'desk-1');
    await expect(new CoordinatorClient({ baseUrl: c.url }).register(registration(impostor))).rejects.toMatchObject({ status: 409, code: 'agent_key_conflict' });
    const forgedDerived = { ...registration(impostor), agentId: a.agentId };
    await expect(new CoordinatorClient({ baseUrl: c.url }).register(forgedDerived)).rejects.toMatchObject({ status: 400, code: 'agent_id_key_mismatch' });
    const big = await fetch(`${c.url}/credits/ble-sync`, { method: 'POST', headers: operatorHeaders(c), body: 'x'.repeat(600 * 1024) });
    expect([big.status, await big.json()]).toEqual([413, { error: 'body_too_large', reason: 'limit 524288 bytes' }]);
    const notJson = await fetch(`${c.url}/credits/ble-sync`, { method: 'POST', headers: { 'x-operator-token': c.operatorToken }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${c.url}/nowhere`)).status).toBe(404);
  });
});

describe('reference coordinator: /credits/ble-sync', () => {
  const a = alice();
  const b = bob();

  it('rejects every tampered transaction, wrong keys and unsigned account redirection; debits only the signer', async () => {
    const c = await coordinator();
    const mallory = new Identity(seedOf('mallory'));
    const client = await registered(c, mallory, a, b); // the client keeps b's token: b is a party to every transaction synced
    const tx = makeTx(a, b, 1);
    const other = makeTx(a, b, 2);
    const cases = tamperings(tx, other).map(([name, t]) => [name, toBleSyncTransaction(t)] as const);
    const forgedIntent = createSignedIntent(mallory, { providerId: b.agentId, taskHash: sha256Hex('x'), issuedAt: 1, txId: 'forged' });
    const forged = countersign(b, forgedIntent, mallory.publicKey, { cpuSeconds: 100, providerModelParamSize: 7, resultHash: sha256Hex('y'), completedAt: 2 });
    cases.push(['signed by a key not registered for requesterId', { ...toBleSyncTransaction(forged), requesterId: a.agentId, requesterAccountId: a.agentId }]);
    cases.push(['requester account redirected', { ...toBleSyncTransaction(tx), requesterAccountId: mallory.agentId }]);
    cases.push(['provider account redirected', { ...toBleSyncTransaction(tx), providerAccountId: mallory.agentId }]);
    for (const [name, bad] of cases) {
      const res = await fetch(`${c.url}/credits/ble-sync`, { method: 'POST', headers: { 'x-operator-token': c.operatorToken }, body: JSON.stringify({ transactions: [bad] }) });
      const reply = (await res.json()) as { applied: string[]; skipped: string[]; reasons: Record<string, string> };
      expect(reply.applied, name).toEqual([]);
      expect(reply.skipped, name).toEqual([bad.txId]);
      expect(reply.reasons[bad.txId], name).toMatch(/^(bad_requester_signature|bad_provider_signature|malformed|account_mismatch|unknown_agent|credits_mismatch)$/);
    }
    expect((await balances(c)).settledCount).toBe(0);
    const ok = await client.bleSync({ transactions: [toBleSyncTransaction(tx)] });
    expect(ok).toMatchObject({ applied: [tx.txId], skipped: [] });
    const replay = await client.bleSync({ transactions: [toBleSyncTransaction(tx)] });
    expect(replay).toMatchObject({ applied: [], skipped: [tx.txId], reasons: { [tx.txId]: 'duplicate' } });
    const bal = await balances(c);
    expect(bal.settledCount).toBe(1);
    expect(bal.agents).toEqual({ [a.agentId]: { earnedMicro: 0, spentMicro: 1_100_000 }, [b.agentId]: { earnedMicro: 1_100_000, spentMicro: 0 } });
  });

  it('refuses every tampered transaction from unregistered self-certifying agents too, and pins no key for them', async () => {
    const c = await coordinator();
    const client = new CoordinatorClient({ baseUrl: c.url, meshToken: c.meshToken, operatorToken: c.operatorToken });
    const keys = { requesterPublicKey: a.publicKeyHex, providerPublicKey: b.publicKeyHex };
    const tx = makeTx(a, b, 1);
    for (const [name, t] of tamperings(tx, makeTx(a, b, 2))) {
      const bad = toBleSyncTransaction(t, keys);
      const reply = await client.bleSync({ transactions: [bad] });
      expect(reply.applied, name).toEqual([]);
      // unknown_agent: the tampered id is not self-certifying (e.g. providerId "someone-else").
      expect(reply.reasons?.[bad.txId], name).toMatch(/^(bad_requester_signature|bad_provider_signature|malformed|key_mismatch|unknown_agent|credits_mismatch)$/);
    }
    expect((await balances(c)).settledCount).toBe(0);
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n).toBe(0);
    expect(await client.bleSync({ transactions: [toBleSyncTransaction(tx, keys)] })).toMatchObject({ applied: [tx.txId] });
    expect(c.db.prepare('SELECT agent_id, public_key FROM agents ORDER BY agent_id').all()).toEqual(
      [a, b].map((id) => ({ agent_id: id.agentId, public_key: id.publicKeyHex })).sort((x, y) => x.agent_id.localeCompare(y.agent_id)),
    );
  });

  it('takes a presented key only where it is self-certifying or agrees with the registration', async () => {
    const c = await coordinator();
    const client = await registered(c, b);
    const desk = new Identity(seedOf('desk'), 'desk-9');
    const mallory = new Identity(seedOf('mallory'));
    const send = async (t: ReturnType<typeof toBleSyncTransaction>): Promise<string | undefined> => {
      const r = await client.bleSync({ transactions: [t] });
      return r.applied.includes(t.txId) ? 'applied' : r.reasons?.[t.txId];
    };
    // Unregistered, derived id, no key presented: retry later. Derived id whose hash is not the key: contradiction.
    expect(await send(toBleSyncTransaction(makeTx(a, b, 1)))).toBe('unknown_agent');
    expect(await send(toBleSyncTransaction(makeTx(a, b, 1), { requesterPublicKey: mallory.publicKeyHex }))).toBe('key_mismatch');
    // Non-derived and unregistered: a presented key proves nothing.
    expect(await send(toBleSyncTransaction(makeTx(desk, b, 2), { requesterPublicKey: desk.publicKeyHex }))).toBe('unknown_agent');
    // Registered: the presented key must be the registered one.
    expect(await send(toBleSyncTransaction(makeTx(a, b, 3), { requesterPublicKey: a.publicKeyHex, providerPublicKey: mallory.publicKeyHex }))).toBe('key_mismatch');
    expect(await send({ ...toBleSyncTransaction(makeTx(a, b, 4)), requesterPublicKey: 'not-hex' })).toBe('malformed');
    expect(await send(toBleSyncTransaction(makeTx(a, b, 5), { requesterPublicKey: a.publicKeyHex, providerPublicKey: b.publicKeyHex }))).toBe('applied');
    // Now pinned: later transactions from a settle without presenting the key.
    expect(await send(toBleSyncTransaction(makeTx(a, b, 6)))).toBe('applied');
    await client.register(registration(desk));
    expect(await send(toBleSyncTransaction(makeTx(desk, b, 2)))).toBe('applied');
  });

  it('dedupes durably across a restart and keeps a verifiable hash chain', async () => {
    const c1 = await coordinator();
    const client = await registered(c1, a, b);
    const txs = [1, 2, 3].map((i) => toBleSyncTransaction(makeTx(a, b, i)));
    expect((await client.bleSync({ transactions: [txs[0]!, txs[0]!, txs[1]!] })).applied).toEqual(['tx-1', 'tx-2']);
    await c1.close();
    running.splice(running.indexOf(c1), 1);
    const c2 = await coordinator(c1.dataDir);
    expect(c2.meshToken).toBe(c1.meshToken);
    const client2 = new CoordinatorClient({ baseUrl: c2.url, meshToken: c2.meshToken, operatorToken: c2.operatorToken });
    const reply = await client2.bleSync({ transactions: txs });
    expect(reply).toMatchObject({ applied: ['tx-3'], skipped: ['tx-1', 'tx-2'], total: 3 });
    expect((await balances(c2)).settledCount).toBe(3);
    const verify = async (): Promise<{ ok: boolean; checked: number }> => (await fetch(`${c2.url}/ledger/verify`, { headers: { 'x-operator-token': c2.operatorToken } })).json() as never;
    expect(await verify()).toMatchObject({ ok: true, checked: 3 });
    c2.db.exec('DROP TRIGGER settled_no_update');
    c2.db.prepare(`UPDATE settled SET body = replace(body, 'tx-2', 'tx-9') WHERE seq = 2`).run();
    expect(await verify()).toMatchObject({ ok: false, checked: 1 });
  });

  it('says why it skipped unknown agents and conflicting reuse of a txId', async () => {
    const c = await coordinator();
    const client = await registered(c, a);
    const tx = toBleSyncTransaction(makeTx(a, b, 1));
    expect((await client.bleSync({ transactions: [tx] })).reasons).toEqual({ 'tx-1': 'unknown_agent' });
    await client.register(registration(b));
    await client.bleSync({ transactions: [tx] });
    const reuse = toBleSyncTransaction({ ...makeTx(a, b, 2), txId: 'tx-1' });
    const sameIdOtherContent = toBleSyncTransaction(countersign(b, createSignedIntent(a, { providerId: b.agentId, taskHash: reuse.taskHash, issuedAt: reuse.issuedAt, txId: 'tx-1' }), a.publicKey, { cpuSeconds: 9, providerModelParamSize: 7, resultHash: reuse.resultHash, completedAt: reuse.completedAt }));
    expect((await client.bleSync({ transactions: [sameIdOtherContent] })).reasons).toEqual({ 'tx-1': 'conflict' });
    await expect(client.bleSync({ transactions: Array.from({ length: 1001 }, () => tx) })).rejects.toBeInstanceOf(CoordinatorHttpError);
  });
});

describe('signature verifier pool', () => {
  it('gives the same verdicts on worker threads as inline, in order', async () => {
    const { inlineVerifier, workerPoolVerifier } = await import('../../src/coordinator/signature-pool.js');
    const { encodeIntent } = await import('../../src/main/ledger/tx-encoding.js');
    const a = alice();
    const b = bob();
    const checks = Array.from({ length: 40 }, (_, i) => {
      const tx = makeTx(a, b, i);
      const sig = Buffer.from(tx.requesterSignature, 'hex');
      if (i % 3 === 1) sig[5]! ^= 1;
      return { publicKeyHex: i % 7 === 2 ? b.publicKeyHex : a.publicKeyHex, message: encodeIntent(tx), signature: i % 11 === 4 ? Buffer.alloc(0) : sig };
    });
    const pool = workerPoolVerifier(2);
    try {
      const pooled = await pool.verifyMany(checks);
      expect(pooled).toEqual(await inlineVerifier().verifyMany(checks));
      expect(pooled.filter(Boolean).length).toBeGreaterThan(10);
      expect(pooled.filter((x) => !x).length).toBeGreaterThan(10);
    } finally {
      await pool.close();
    }
  });
});
