/**
 * A ledger written by the app before encoding v2 (schema 1, v1 transactions pending) opens, migrates to
 * the current schema, keeps its hash chain, and its pending v1 transactions still sync to the real
 * reference coordinator under v1 rules (no acknowledgement needed).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { chainHash, GENESIS_HASH } from '../../src/main/ledger/hash-chain.js';
import { LEDGER_MIGRATIONS, LEDGER_SCHEMA_VERSION } from '../../src/main/ledger/ledger-schema.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { LedgerSyncEngine } from '../../src/main/ledger/sync-engine.js';
import { countersign, createSignedIntent } from '../../src/main/ledger/tx-protocol.js';
import type { LedgerTransaction } from '../../src/main/ledger/tx-types.js';
import { alice, bob, makeTx, sha256Hex } from './fixtures/ledger-fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const a = alice();
const b = bob();

/** Schema 1 with v1 rows inserted the way the app before v2 did (10 columns, same body and chain). */
function v1Database(path: string, txs: LedgerTransaction[], syncedIds: string[]): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(LEDGER_MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  let prev = GENESIS_HASH;
  txs.forEach((tx, i) => {
    const seq = i + 1;
    const body = JSON.stringify({ role: 'provider', peerId: tx.requesterId, creditsMicro: Math.round(tx.credits * 1e6), completedAt: tx.completedAt, recordedAt: 5, tx });
    const hash = chainHash(prev, seq, body);
    db.prepare('INSERT INTO transactions (seq, tx_id, role, peer_id, credits_micro, completed_at, recorded_at, body, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(seq, tx.txId, 'provider', tx.requesterId, Math.round(tx.credits * 1e6), tx.completedAt, 5, body, prev, hash);
    prev = hash;
  });
  let eprev = GENESIS_HASH;
  syncedIds.forEach((txId, i) => {
    const hash = chainHash(eprev, i + 1, JSON.stringify({ txId, state: 'synced', reason: null, at: 6 }));
    db.prepare('INSERT INTO tx_events (seq, tx_id, state, reason, at, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(i + 1, txId, 'synced', null, 6, eprev, hash);
    eprev = hash;
  });
  db.close();
}

describe('ledger schema migration to encoding v2', () => {
  it('migrates a v1 database; its pending v1 rows sync to the coordinator, an unacknowledged v2 row stays local', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-v1-')), 'ledger.db');
    const old = [0, 1, 2, 3].map((i) => makeTx(a, b, i));
    v1Database(path, old, ['tx-0']);

    const store = LedgerStore.open(path, { selfId: b.agentId });
    cleanups.push(() => store.close());
    expect(store.db.pragma('user_version', { simple: true })).toBe(LEDGER_SCHEMA_VERSION);
    expect(LEDGER_SCHEMA_VERSION).toBe(2);
    expect(store.verifyChain().ok).toBe(true);
    expect(store.countByState()).toEqual({ pending: 3, synced: 1, rejected: 0 });
    expect(store.get('tx-1')).toMatchObject({ source: 'exchange', state: 'pending', tx: old[1] });

    // New work after the upgrade is v2; without the requester's acknowledgement it is not sent.
    const intent = createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('new'), issuedAt: 1_000, txId: 'v2-new', expiresAt: 60_000, maxCredits: 5 });
    store.record(countersign(b, intent, a.publicKey, { cpuSeconds: 1, providerModelParamSize: 7, resultHash: sha256Hex('out'), completedAt: 2_000 }));
    expect(store.pending(100).map((p) => p.tx.txId)).toEqual(['tx-1', 'tx-2', 'tx-3']);

    const coordinator: RunningCoordinator = await startCoordinator({ dataDir: mkdtempSync(join(tmpdir(), 'coord-mig-')) });
    cleanups.push(() => coordinator.close());
    const clock = new ManualClock();
    const engine = new LedgerSyncEngine({
      store, clock, selfPublicKeyHex: b.publicKeyHex, transport: new CoordinatorClient({ baseUrl: coordinator.url, meshToken: coordinator.meshToken, operatorToken: coordinator.operatorToken, clock }),
    });
    store.pinPeerKey(a.agentId, a.publicKeyHex);
    await engine.start();
    cleanups.push(() => engine.stop());
    const result = await engine.syncNow();
    expect(result).toMatchObject({ applied: 3, rejected: 0, error: null });
    expect(coordinator.db.prepare('SELECT tx_id FROM settled ORDER BY seq').pluck().all()).toEqual(['tx-1', 'tx-2', 'tx-3']);
    expect(store.countByState()).toEqual({ pending: 1, synced: 4, rejected: 0 });
    expect(store.verifyChain().ok).toBe(true);
  });
});
