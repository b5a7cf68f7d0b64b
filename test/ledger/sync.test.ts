import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { LedgerSyncEngine } from '../../src/main/ledger/sync-engine.js';
import { toBleSyncTransaction } from '../../src/main/ledger/tx-types.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { registrationOf } from '../support/coordinator-access.js';
import type { RegisterRequest } from '../../src/main/coordinator-client/coordinator-schemas.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { alice, bob, makeTx, seedOf } from './fixtures/ledger-fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const a = alice();
const b = bob();

function storeWith(n: number, self: Identity = a): LedgerStore {
  const s = LedgerStore.open(join(mkdtempSync(join(tmpdir(), 'sync-')), 'ledger.db'), { selfId: self.agentId });
  cleanups.push(() => s.close());
  s.recordMany(Array.from({ length: n }, (_, i) => makeTx(a, b, i)));
  return s;
}
async function coordinator(dataDir = mkdtempSync(join(tmpdir(), 'coord-'))): Promise<RunningCoordinator & { dataDir: string }> {
  const c = await startCoordinator({ dataDir });
  const original = c.close;
  let closed = false;
  cleanups.push(() => (closed ? undefined : original()));
  const close = async (): Promise<void> => {
    closed = true;
    await original();
  };
  return Object.assign(c, { dataDir, close });
}
async function registeredClient(url: string, clock = new ManualClock()): Promise<CoordinatorClient> {
  const client = new CoordinatorClient({ baseUrl: url, clock });
  for (const id of [a, b]) {
    await client.register(registrationOf(id));
  }
  return client;
}
function engine(store: LedgerStore, client: CoordinatorClient, clock: ManualClock, batchSize = 100): LedgerSyncEngine {
  const e = new LedgerSyncEngine({ store, transport: client, clock, batchSize, timeoutMs: 5000, random: () => 0.5 });
  cleanups.push(() => e.stop());
  return e;
}
/** A coordinator stand-in that answers every request with `reply` (or never, when null). */
async function fakeCoordinator(reply: { status: number; body: string } | null): Promise<{ url: string; requests: () => number; maxConcurrent: () => number }> {
  let requests = 0;
  let active = 0;
  let maxConcurrent = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    active++;
    maxConcurrent = Math.max(maxConcurrent, active);
    req.resume();
    req.on('end', () => {
      if (!reply) return;
      setTimeout(() => {
        active--;
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      }, 20);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, maxConcurrent: () => maxConcurrent };
}

const registration = (id: Identity): RegisterRequest => registrationOf(id);

/** The runner `self` (provider) holding transactions from `requester`, with the requester's key pinned as BLE would. */
function runnerWith(self: Identity, requester: Identity, pinnedKeyHex: string, n: number): LedgerStore {
  const s = LedgerStore.open(join(mkdtempSync(join(tmpdir(), 'sync-')), 'ledger.db'), { selfId: self.agentId });
  cleanups.push(() => s.close());
  s.pinPeerKey(requester.agentId, pinnedKeyHex);
  s.recordMany(Array.from({ length: n }, (_, i) => makeTx(requester, self, i)));
  return s;
}
function countingTransport(client: CoordinatorClient): { transport: CoordinatorClient; calls: () => number } {
  let calls = 0;
  const transport = Object.create(client) as CoordinatorClient;
  transport.bleSync = (body, opts) => {
    calls++;
    return client.bleSync(body, opts);
  };
  return { transport, calls: () => calls };
}

describe('ledger sync engine: agents that have not registered', () => {
  it("settles an unregistered self-certifying phone's transaction through the keys it presents, and pins them", async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const phone = new Identity(seedOf('phone-1'));
    const store = runnerWith(b, phone, phone.publicKeyHex, 3);
    // Neither the phone nor this runner ever called /register: the operator uploads the runner's ledger.
    const client = new CoordinatorClient({ baseUrl: c.url, meshToken: c.meshToken, operatorToken: c.operatorToken, clock });
    const e = new LedgerSyncEngine({ store, transport: client, clock, selfPublicKeyHex: b.publicKeyHex, timeoutMs: 5000 });
    cleanups.push(() => e.stop());
    await e.start();
    expect(await e.syncNow()).toMatchObject({ applied: 3, skipped: 0, rejected: 0, deferred: 0, error: null });
    expect(store.countByState()).toEqual({ pending: 0, synced: 3, rejected: 0 });
    const keys = c.db.prepare('SELECT agent_id, public_key FROM agents ORDER BY agent_id').all();
    expect(keys).toEqual([{ agent_id: phone.agentId, public_key: phone.publicKeyHex }, { agent_id: b.agentId, public_key: b.publicKeyHex }].sort((x, y) => x.agent_id.localeCompare(y.agent_id)));
    // Pinned as if registered: registering later with the same key is fine, another key is refused.
    await new CoordinatorClient({ baseUrl: c.url }).register(registration(phone));
    await expect(new CoordinatorClient({ baseUrl: c.url }).register({ ...registration(new Identity(seedOf('phone-2'))), agentId: phone.agentId })).rejects.toMatchObject({ status: 400 });
  });

  it('keeps a non-derived unregistered agent\'s transactions pending (deferred, once per run) and applies them after it registers', async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const desk = new Identity(seedOf('desk-7'), 'desk-7');
    const store = runnerWith(b, desk, desk.publicKeyHex, 3);
    const client = await registeredClient(c.url, clock);
    const { transport, calls } = countingTransport(client);
    const e = new LedgerSyncEngine({ store, transport, clock, selfPublicKeyHex: b.publicKeyHex, batchSize: 1, timeoutMs: 5000, deferredRetryMs: 60_000 });
    cleanups.push(() => e.stop());
    await e.start();
    expect(await e.syncNow()).toMatchObject({ applied: 0, skipped: 3, rejected: 0, deferred: 3, error: null });
    expect(calls()).toBe(3); // paged by seq: each deferred transaction sent once, the run ends
    expect(store.countByState()).toEqual({ pending: 3, synced: 0, rejected: 0 });
    expect(store.get('tx-0')).toMatchObject({ state: 'pending', reason: null });
    e.setReachable(true);
    await vitestWaitFor(() => calls() === 6 && e.status().state === 'waiting_retry');
    expect(e.status()).toMatchObject({ lastResult: { deferred: 3, error: null }, nextRetryAt: clock.now() + 60_000 });
    await client.register(registration(desk));
    await clock.advance(60_000);
    await vitestWaitFor(() => store.countByState().synced === 3);
    expect(e.status().lastResult).toMatchObject({ applied: 3, deferred: 0, error: null });
    expect(store.countByState()).toEqual({ pending: 0, synced: 3, rejected: 0 });
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number }).n).toBe(3);
  });

  it('rejects (key_mismatch, final) a transaction whose presented key contradicts the registered one', async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const desk = new Identity(seedOf('desk-1'), 'desk-1');
    const impostor = new Identity(seedOf('impostor'), 'desk-1');
    const client = await registeredClient(c.url, clock);
    await client.register(registration(desk));
    // Over BLE this runner met the impostor first and pinned its key for "desk-1".
    const store = runnerWith(b, impostor, impostor.publicKeyHex, 2);
    const e = new LedgerSyncEngine({ store, transport: client, clock, selfPublicKeyHex: b.publicKeyHex, timeoutMs: 5000 });
    cleanups.push(() => e.stop());
    expect(await e.syncNow()).toMatchObject({ applied: 0, skipped: 2, rejected: 2, deferred: 0, error: null });
    expect(store.get('tx-1')).toMatchObject({ state: 'rejected', reason: 'key_mismatch' });
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number }).n).toBe(0);
  });
});

describe('ledger sync engine', () => {
  it('syncs all pending transactions in batches; only acknowledged ids become synced', async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const store = storeWith(250);
    const e = engine(store, await registeredClient(c.url, clock), clock);
    await e.start();
    const result = await e.syncNow();
    expect(result).toMatchObject({ applied: 250, skipped: 0, rejected: 0, deferred: 0, error: null });
    expect(store.countByState()).toEqual({ pending: 0, synced: 250, rejected: 0 });
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number }).n).toBe(250);
    expect(store.verifyChain()).toMatchObject({ ok: true, checked: 250, events: { ok: true, checked: 250 } });
  });

  it('keeps at most two batch requests outstanding within a run and sends each transaction once', async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const store = storeWith(250);
    const client = await registeredClient(c.url, clock);
    let active = 0;
    let maxActive = 0;
    const sent: string[] = [];
    const transport = {
      bleSync: async (body: Parameters<CoordinatorClient['bleSync']>[0], opts?: Parameters<CoordinatorClient['bleSync']>[1]) => {
        active++;
        maxActive = Math.max(maxActive, active);
        sent.push(...body.transactions.map((t) => t.txId));
        try {
          return await client.bleSync(body, opts);
        } finally {
          active--;
        }
      },
    };
    const e = new LedgerSyncEngine({ store, transport, clock, batchSize: 10, timeoutMs: 5000 });
    cleanups.push(() => e.stop());
    expect(await e.syncNow()).toMatchObject({ applied: 250, error: null });
    expect(maxActive).toBe(2);
    expect(sent).toHaveLength(250);
    expect(new Set(sent).size).toBe(250);
    expect(store.verifyChain()).toMatchObject({ ok: true, events: { ok: true, checked: 250 } });
  });

  it('keeps skipped transactions with the coordinator reason, not synced', async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const store = storeWith(3);
    const client = await registeredClient(c.url, clock);
    const forged = { ...makeTx(a, b, 7), txId: 'forged', credits: 100 };
    store.record(forged);
    const e = engine(store, client, clock);
    await e.start();
    expect(await e.syncNow()).toMatchObject({ applied: 3, skipped: 1, rejected: 1 });
    expect(store.get('forged')).toMatchObject({ state: 'rejected', reason: 'credits_mismatch' });
  });

  it('is idempotent across a coordinator restart after a sync whose reply was lost', async () => {
    const c1 = await coordinator();
    const clock = new ManualClock();
    const store = storeWith(120);
    const client = await registeredClient(c1.url, clock);
    // The coordinator applies the first 50, then the reply is lost (client crashed before settling).
    await client.bleSync({ transactions: store.pending(50).map((p) => toBleSyncTransaction(p.tx)) });
    expect(store.countByState().pending).toBe(120);
    await c1.close();
    const c2 = await coordinator(c1.dataDir);
    const e = engine(store, new CoordinatorClient({ baseUrl: c2.url, meshToken: c2.meshToken, operatorToken: c2.operatorToken, clock }), clock, 40);
    await e.start();
    expect(await e.syncNow()).toMatchObject({ applied: 70, skipped: 50, rejected: 0, error: null });
    expect(store.countByState()).toEqual({ pending: 0, synced: 120, rejected: 0 });
    expect(store.get('tx-0')).toMatchObject({ state: 'synced', reason: 'duplicate' });
    expect((c2.db.prepare('SELECT COUNT(*) AS n, SUM(credits_micro) AS m FROM settled').get() as { n: number; m: number }).n).toBe(120);
  });

  it('both parties upload the same transactions: settled once, both sides end synced', async () => {
    const c = await coordinator();
    const clock = new ManualClock();
    const client = await registeredClient(c.url, clock);
    const requesterStore = storeWith(30, a);
    const providerStore = storeWith(30, b);
    await engine(requesterStore, client, clock).syncNow();
    const second = await engine(providerStore, client, clock).syncNow();
    expect(second).toMatchObject({ applied: 0, skipped: 30, rejected: 0, error: null });
    expect(providerStore.countByState()).toEqual({ pending: 0, synced: 30, rejected: 0 });
    const row = c.db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number };
    expect(row.n).toBe(30);
  });

  it.each([
    ['wrong types', { status: 200, body: JSON.stringify({ applied: 'tx-0', skipped: [], total: 1 }) }],
    ['ids that were not sent', { status: 200, body: JSON.stringify({ applied: ['tx-0', 'tx-999'], skipped: [], total: 2 }) }],
    ['the same id twice', { status: 200, body: JSON.stringify({ applied: ['tx-0'], skipped: ['tx-0'], total: 1 }) }],
    ['not JSON', { status: 200, body: '<html>' }],
    ['a server error', { status: 500, body: JSON.stringify({ error: 'internal' }) }],
  ])('a reply with %s changes nothing and is retried with backoff', async (_name, reply) => {
    const fake = await fakeCoordinator(reply);
    const clock = new ManualClock();
    const store = storeWith(5);
    const before = store.verifyChain();
    const e = engine(store, new CoordinatorClient({ baseUrl: fake.url, meshToken: 't', clock }), clock);
    await e.start();
    e.setReachable(true);
    await vitestWaitFor(() => e.status().state === 'waiting_retry');
    expect(e.status().lastResult?.error).toBeTruthy();
    expect(store.countByState()).toEqual({ pending: 5, synced: 0, rejected: 0 });
    expect(store.verifyChain()).toEqual(before);
    expect(e.status().nextRetryAt).toBe(clock.now() + 1000);
    await clock.advance(1000);
    await vitestWaitFor(() => fake.requests() === 2 && e.status().state === 'waiting_retry');
    expect(e.status().nextRetryAt).toBe(clock.now() + 2000);
    expect(fake.maxConcurrent()).toBe(1);
  });

  it('times out a silent coordinator, aborts on demand, and runs one sync at a time', async () => {
    const fake = await fakeCoordinator(null);
    const clock = new ManualClock();
    const store = storeWith(3);
    const e = engine(store, new CoordinatorClient({ baseUrl: fake.url, meshToken: 't', clock }), clock);
    await e.start();
    const first = e.syncNow();
    expect(e.syncNow()).toBe(first);
    await vitestWaitFor(() => fake.requests() === 1);
    await clock.advance(5000);
    expect((await first).error).toMatch(/timed out after 5000 ms/);
    expect(store.countByState().pending).toBe(3);
    const second = e.syncNow();
    await vitestWaitFor(() => fake.requests() === 2);
    e.setReachable(false);
    expect((await second).error).toMatch(/aborted/);
    expect(e.status()).toMatchObject({ state: 'offline', nextRetryAt: null });
    expect(fake.requests()).toBe(2);
  });
});

/** Polls a condition on real I/O (HTTP) progress; never asserts on elapsed time. */
async function vitestWaitFor(cond: () => boolean, limit = 2000): Promise<void> {
  for (let i = 0; i < limit && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}
