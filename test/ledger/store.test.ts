import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { IdentityCorruptError, loadOrCreateIdentity, meshTokenHash } from '../../src/main/ledger/identity.js';
import type { SecretSealer } from '../../src/main/ledger/identity.js';
import { ledgerBalance, ledgerCsv, ledgerPeerTotals, ledgerSeries } from '../../src/main/ledger/ledger-reports.js';
import { LEDGER_SCHEMA_VERSION } from '../../src/main/ledger/ledger-schema.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { alice, bob, makeTx, sha256Hex } from './fixtures/ledger-fixtures.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ledger-store-'));
  dirs.push(d);
  return d;
};
const stores: LedgerStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
const open = (path: string, selfId: string): LedgerStore => {
  const s = LedgerStore.open(path, { selfId, now: () => 42 });
  stores.push(s);
  return s;
};

describe('identity', () => {
  it('persists one keypair per data dir with mode 0600', () => {
    const dir = tmp();
    const first = loadOrCreateIdentity({ dataDir: dir });
    const again = loadOrCreateIdentity({ dataDir: dir });
    expect(again.publicKeyHex).toBe(first.publicKeyHex);
    expect(first.agentId).toMatch(/^ec-[0-9a-f]{32}$/);
    expect(statSync(join(dir, 'identity.json')).mode & 0o777).toBe(0o600);
    expect(first.bleIdentity('tok')).toEqual({ agentId: first.agentId, meshTokenHash: meshTokenHash('tok'), publicKey: first.publicKeyHex });
    expect(meshTokenHash('tok')).toBe(sha256Hex('tok'));
  });

  it('refuses a corrupt or mismatched key file instead of regenerating it', () => {
    const dir = tmp();
    loadOrCreateIdentity({ dataDir: dir });
    const path = join(dir, 'identity.json');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, '{not json');
    expect(() => loadOrCreateIdentity({ dataDir: dir })).toThrow(IdentityCorruptError);
    expect(readFileSync(path, 'utf8')).toBe('{not json');
    const parsed = JSON.parse(good) as { publicKey: string };
    writeFileSync(path, JSON.stringify({ ...parsed, publicKey: 'ab'.repeat(32) }));
    expect(() => loadOrCreateIdentity({ dataDir: dir })).toThrow(/does not match/);
  });

  it('seals the secret through the injected sealer and refuses a different sealer', () => {
    const dir = tmp();
    const xor: SecretSealer = { id: 'xor-test', seal: (b) => Buffer.from(b.map((x) => x ^ 0x5a)), unseal: (b) => Buffer.from(b.map((x) => x ^ 0x5a)) };
    const id = loadOrCreateIdentity({ dataDir: dir, sealer: xor });
    expect(loadOrCreateIdentity({ dataDir: dir, sealer: xor }).publicKeyHex).toBe(id.publicKeyHex);
    expect(() => loadOrCreateIdentity({ dataDir: dir })).toThrow(/sealed by "xor-test"/);
  });

  it('accepts a configured agentId but not a forged derived-form one', () => {
    expect(loadOrCreateIdentity({ dataDir: tmp(), agentId: 'desk-1' }).agentId).toBe('desk-1');
    expect(() => loadOrCreateIdentity({ dataDir: tmp(), agentId: `ec-${'0'.repeat(32)}` })).toThrow(/derived form/);
  });
});

describe('ledger store', () => {
  const a = alice();
  const b = bob();

  it('migrates to the current schema, WAL + synchronous FULL, and refuses a newer schema', () => {
    const path = join(tmp(), 'l.db');
    const s = open(path, a.agentId);
    expect(s.db.pragma('user_version', { simple: true })).toBe(LEDGER_SCHEMA_VERSION);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    s.close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => LedgerStore.open(path, { selfId: a.agentId })).toThrow(/newer than this app/);
  });

  it('records idempotently, refuses a replayed txId with other content, and survives reopening', () => {
    const path = join(tmp(), 'l.db');
    const s = open(path, a.agentId);
    const tx = makeTx(a, b, 1);
    expect(s.record(tx)).toMatchObject({ seq: 1, inserted: true });
    expect(s.record(tx)).toMatchObject({ seq: 1, inserted: false });
    const forged = { ...makeTx(a, b, 2), txId: tx.txId };
    expect(() => s.record(forged)).toThrow(/replayed/);
    expect(() => s.record(makeTx(b, alice(), 3) as never)).not.toThrow();
    s.close();
    const reopened = open(path, a.agentId);
    expect(reopened.get(tx.txId)?.tx).toEqual(tx);
    expect(reopened.get(tx.txId)?.role).toBe('requester');
    expect(reopened.verifyChain().ok).toBe(true);
  });

  it('is append-only and the hash chain exposes edits made behind its back', () => {
    const s = open(join(tmp(), 'l.db'), b.agentId);
    s.recordMany([1, 2, 3].map((i) => makeTx(a, b, i)));
    s.settle([{ txId: 'tx-1', state: 'synced' }]);
    expect(() => s.db.prepare(`UPDATE transactions SET credits_micro = 1 WHERE seq = 2`).run()).toThrow(/append-only/);
    expect(() => s.db.prepare(`DELETE FROM tx_events`).run()).toThrow(/append-only/);
    expect(s.verifyChain()).toMatchObject({ ok: true, checked: 3, events: { ok: true, checked: 1 } });
    s.db.exec('DROP TRIGGER transactions_no_update');
    s.db.prepare(`UPDATE transactions SET credits_micro = 999999999 WHERE seq = 2`).run();
    expect(s.verifyChain()).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
    s.db.prepare(`UPDATE transactions SET credits_micro = (SELECT json_extract(body, '$.creditsMicro')) WHERE seq = 2`).run();
    expect(s.verifyChain().ok).toBe(true);
    s.db.prepare(`UPDATE transactions SET body = replace(body, '"credits":', '"credits":1') WHERE seq = 3`).run();
    expect(s.verifyChain()).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'row content does not match its hash' } });
  });

  it('settles only pending transactions, once each, and reports balance, peers, series and CSV', () => {
    const s = open(join(tmp(), 'l.db'), b.agentId);
    const c = alice();
    s.recordMany([1, 2, 3, 4].map((i) => makeTx(a, b, i)));
    s.record(makeTx(b, c, 5));
    expect(s.settle([{ txId: 'tx-1', state: 'synced' }, { txId: 'tx-2', state: 'rejected', reason: 'bad_provider_signature' }])).toBe(2);
    expect(s.settle([{ txId: 'tx-1', state: 'rejected', reason: 'late' }])).toBe(0);
    expect(s.countByState()).toEqual({ pending: 3, synced: 1, rejected: 1 });
    expect(s.pending(10).map((p) => p.tx.txId)).toEqual(['tx-3', 'tx-4', 'tx-5']);
    // cpuSeconds = 1 + i/10 at 7B → tx-1 1.1, tx-3 1.3, tx-4 1.4 earned; tx-5 1.5 spent (bob → alice).
    const bal = ledgerBalance(s.db);
    expect(bal).toEqual({ earned: 3.8, spent: 1.5, net: 2.3, pending: 4.2, synced: 1.1, pendingCount: 3, syncedCount: 1, rejectedCount: 1 });
    expect(ledgerPeerTotals(s.db)).toEqual([{ peerId: a.agentId, earned: 3.8, spent: 1.5, count: 4, lastAt: 1_767_225_605_500 }]);
    const series = ledgerSeries(s.db, 2000);
    expect(series.at(-1)).toEqual({ t: expect.any(Number), earned: 3.8, spent: 1.5, net: 2.3 });
    expect(series.map((p) => p.earned)).toEqual([...series.map((p) => p.earned)].sort((x, y) => x - y));
    const csv = ledgerCsv(s.db).trim().split('\n');
    expect(csv).toHaveLength(6);
    expect(csv[2]).toContain('tx-2,provider');
    expect(csv[2]).toContain('rejected,bad_provider_signature,1.2,1.2,7');
  });

  it('LedgerService refuses replays at the provider and the requester and records before returning', () => {
    const sa = open(join(tmp(), 'a.db'), a.agentId);
    const sb = open(join(tmp(), 'b.db'), b.agentId);
    const requester = new LedgerService(a, sa);
    const provider = new LedgerService(b, sb);
    const intent = requester.createIntent(b.agentId, sha256Hex('t'), 10, { expiresAt: 60_000, maxCredits: 5 });
    const seen = provider.checkIntent(intent, a.agentId, a.publicKeyHex);
    const tx = provider.complete(seen, a.publicKeyHex, { cpuSeconds: 3, providerModelParamSize: 2, resultHash: sha256Hex('r'), completedAt: 20 });
    expect(sb.has(tx.txId)).toBe(true);
    expect(() => provider.checkIntent(intent, a.agentId, a.publicKeyHex)).toThrow(/replayed/);
    expect(requester.accept(intent, tx, b.publicKeyHex).credits).toBe(1.5);
    expect(() => requester.accept(intent, tx, b.publicKeyHex)).toThrow(/replayed/);
    expect(() => provider.checkIntent(intent, a.agentId, b.publicKeyHex)).toThrow(/not the hash/);
    expect(requester.status().balance.spent).toBe(1.5);
    expect(provider.status().peers[0]).toMatchObject({ peerId: a.agentId, earned: 1.5 });
  });
});

describe('group commit', () => {
  it('commits concurrent appends together, resolves each after the commit, and fails a bad one alone', async () => {
    const { GroupCommitter } = await import('../../src/main/ledger/group-commit.js');
    const a = alice();
    const b = bob();
    const path = join(tmp(), 'g.db');
    const s = open(path, a.agentId);
    const g = new GroupCommitter(s);
    const good = Array.from({ length: 50 }, (_, i) => makeTx(a, b, i));
    s.record(good[0]!);
    const forged = { ...makeTx(a, b, 99), txId: 'tx-0' };
    const results = await Promise.allSettled([...good.map((t) => g.append(t)), g.append(forged)]);
    expect(results.slice(0, 50).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[50]).toMatchObject({ status: 'rejected', reason: { code: 'replayed' } });
    expect(results[0]).toMatchObject({ value: { seq: 1, inserted: false } });
    const other = LedgerStore.open(path, { selfId: a.agentId });
    expect(other.countByState().pending).toBe(50);
    expect(other.verifyChain()).toMatchObject({ ok: true, checked: 50 });
    other.close();
  });
});
