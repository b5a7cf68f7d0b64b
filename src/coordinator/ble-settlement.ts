/**
 * POST /credits/ble-sync on the reference coordinator: verifies each transaction against the agents'
 * keys, recomputes the credits, refuses unsigned account redirection, dedupes by txId durably, and
 * appends every applied transaction to the settlement hash chain in one commit per batch.
 *
 * Keys: a registered agent's key is the one it registered (a different presented key → `key_mismatch`).
 * An agent that never registered is settled with the key the transaction presents only if its agentId is
 * the derived hash of that key (self-certifying); that key is then pinned durably, as if registered.
 * Anything else about an unregistered agent is `unknown_agent`, which senders treat as "retry later".
 *
 * Signatures are checked by a SignatureVerifier (worker threads); dedupe happens inside the commit, so
 * concurrent batches carrying the same txId still settle it once.
 *
 * The encoding version decides the rules. v1: both signatures. v2: both signatures and the requester's
 * acknowledgement that the answer arrived (`unacknowledged` without it, `bad_requester_ack` when it does
 * not verify), credits within the signed ceiling (`over_ceiling`) and completion no later than the
 * signed expiry plus CLOCK_SKEW_ALLOWANCE_MS (`expired`). Either party may submit the acknowledged copy.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { creditsToMicro } from '../shared/ledger-credits.js';
import { chainHash, GENESIS_HASH } from '../main/ledger/hash-chain.js';
import { DERIVED_AGENT_ID, deriveAgentId } from '../main/ledger/identity.js';
import { checkParsedTransaction, TxRejectedError } from '../main/ledger/tx-protocol.js';
import { bleSyncTransactionSchema, pickTransaction } from '../main/ledger/tx-types.js';
import type { LedgerTransaction } from '../main/ledger/tx-types.js';
import type { SignatureCheck, SignatureVerifier } from './signature-pool.js';

export interface BleSyncOutcome {
  applied: string[];
  skipped: string[];
  total: number;
  reasons: Record<string, string>;
}

export const MAX_SYNC_BATCH = 1000;

type KeyVerdict = { ok: true; key: string; pin: boolean } | { ok: false; reason: 'unknown_agent' | 'key_mismatch' };

type Prepared =
  | { ok: true; tx: LedgerTransaction; body: string; contentHash: string; checks: SignatureCheck[]; pins: Array<[string, string]> }
  | { ok: false; txId: string | null; reason: string };

export type BleSettle = (transactions: readonly unknown[]) => Promise<BleSyncOutcome>;

/** The settlement handler with its statements prepared once. */
export function bleSettlement(db: Database.Database, verifier: SignatureVerifier, now: () => number): BleSettle {
  const agentKey = db.prepare('SELECT public_key FROM agents WHERE agent_id = ?').pluck();
  const pinKey = db.prepare(
    `INSERT INTO agents (agent_id, public_key, registered_at, info) VALUES (?, ?, ?, '{"via":"ble-sync"}')
     ON CONFLICT (agent_id) DO UPDATE SET public_key = COALESCE(agents.public_key, excluded.public_key)`,
  );
  // One indexed lookup per batch (json_each over the batch's txIds), not one statement per transaction.
  const existingOf = db.prepare('SELECT tx_id, content_hash FROM settled WHERE tx_id IN (SELECT value FROM json_each(?))').raw();
  const settledHashes = (txIds: readonly string[]): Map<string, string> =>
    new Map(txIds.length === 0 ? [] : (existingOf.all(JSON.stringify(txIds)) as Array<[string, string]>));
  const last = db.prepare('SELECT seq, row_hash FROM settled ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO settled (seq, tx_id, requester_id, provider_id, credits_micro, content_hash, body, applied_at, prev_hash, row_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  /** Key resolution for one party; `known` caches registered keys for the batch. */
  const keyFor = (agentId: string, presented: string | undefined, known: Map<string, string | null>): KeyVerdict => {
    let registered = known.get(agentId);
    if (registered === undefined) {
      registered = (agentKey.get(agentId) as string | null | undefined) ?? null;
      known.set(agentId, registered);
    }
    if (registered) return presented === undefined || presented === registered ? { ok: true, key: registered, pin: false } : { ok: false, reason: 'key_mismatch' };
    if (presented === undefined || !DERIVED_AGENT_ID.test(agentId)) return { ok: false, reason: 'unknown_agent' };
    return deriveAgentId(presented) === agentId ? { ok: true, key: presented, pin: true } : { ok: false, reason: 'key_mismatch' };
  };

  const prepare = (raw: unknown, known: Map<string, string | null>, settled: Map<string, string>): Prepared => {
    const txId = typeof (raw as { txId?: unknown })?.txId === 'string' ? (raw as { txId: string }).txId.slice(0, 128) : null;
    const parsed = bleSyncTransactionSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, txId, reason: 'malformed' };
    const w = parsed.data;
    if (w.requesterAccountId !== w.requesterId || w.providerAccountId !== w.providerId || w.timestamp !== w.completedAt) {
      return { ok: false, txId, reason: 'account_mismatch' };
    }
    const requester = keyFor(w.requesterId, w.requesterPublicKey, known);
    if (!requester.ok) return { ok: false, txId, reason: requester.reason };
    const provider = keyFor(w.providerId, w.providerPublicKey, known);
    if (!provider.ok) return { ok: false, txId, reason: provider.reason };
    try {
      const { tx, intentBytes, receiptBytes, ackBytes } = checkParsedTransaction(pickTransaction(w));
      if (ackBytes && tx.requesterAck === undefined) return { ok: false, txId, reason: 'unacknowledged' };
      const body = JSON.stringify(tx);
      const contentHash = createHash('sha256').update(body).digest('hex');
      // Already settled: identical content was verified when it was applied (a retry after a lost reply,
      // or the other party's upload), so it needs no second verification; other content is a conflict.
      // The commit below re-checks, so a concurrent batch still cannot settle it twice.
      const prior = settled.get(tx.txId);
      if (prior !== undefined) return { ok: false, txId: tx.txId, reason: prior === contentHash ? 'duplicate' : 'conflict' };
      const pins: Array<[string, string]> = [];
      if (requester.pin) pins.push([tx.requesterId, requester.key]);
      if (provider.pin) pins.push([tx.providerId, provider.key]);
      return {
        ok: true,
        tx,
        body,
        contentHash,
        checks: [
          { publicKeyHex: requester.key, message: intentBytes, signature: Buffer.from(tx.requesterSignature, 'hex') },
          { publicKeyHex: provider.key, message: receiptBytes, signature: Buffer.from(tx.providerSignature, 'hex') },
          ...(ackBytes && tx.requesterAck ? [{ publicKeyHex: requester.key, message: ackBytes, signature: Buffer.from(tx.requesterAck, 'hex') }] : []),
        ],
        pins,
      };
    } catch (err) {
      if (err instanceof TxRejectedError) return { ok: false, txId, reason: err.code };
      throw err;
    }
  };

  return async (transactions) => {
    const known = new Map<string, string | null>();
    const ids = transactions.flatMap((raw) => (typeof (raw as { txId?: unknown })?.txId === 'string' ? [(raw as { txId: string }).txId] : []));
    const settledBefore = settledHashes(ids);
    const prepared = transactions.map((raw) => prepare(raw, known, settledBefore));
    const checks = prepared.flatMap((p) => (p.ok ? p.checks : []));
    const verdicts = await verifier.verifyMany(checks);
    let v = 0;
    const checked = prepared.map((p): Prepared => {
      if (!p.ok) return p;
      const [requesterOk, providerOk] = [verdicts[v++], verdicts[v++]];
      const ackOk = p.checks.length === 3 ? verdicts[v++] : true;
      if (!requesterOk) return { ok: false, txId: p.tx.txId, reason: 'bad_requester_signature' };
      if (!providerOk) return { ok: false, txId: p.tx.txId, reason: 'bad_provider_signature' };
      if (!ackOk) return { ok: false, txId: p.tx.txId, reason: 'bad_requester_ack' };
      return p;
    });

    const out: BleSyncOutcome = { applied: [], skipped: [], total: transactions.length, reasons: {} };
    const decided = new Set<string>();
    const skip = (txId: string | null, reason: string): void => {
      if (txId === null || decided.has(txId)) return;
      decided.add(txId);
      out.skipped.push(txId);
      out.reasons[txId] = reason;
    };
    const at = now();
    db.transaction(() => {
      let head = last.get() as { seq: number; row_hash: string } | undefined;
      // Re-read inside the commit: a concurrent batch may have settled some of these since prepare().
      const settledNow = settledHashes(checked.flatMap((c) => (c.ok ? [c.tx.txId] : [])));
      for (const c of checked) {
        if (!c.ok) {
          skip(c.txId, c.reason);
          continue;
        }
        const { tx, body, contentHash } = c;
        const prior = settledNow.get(tx.txId);
        if (prior !== undefined || decided.has(tx.txId)) {
          skip(tx.txId, prior !== undefined && prior !== contentHash ? 'conflict' : 'duplicate');
          continue;
        }
        // Signatures verified under the presented self-certifying keys: pin them before settling.
        for (const [agentId, key] of c.pins) pinKey.run(agentId, key, at);
        const seq = (head?.seq ?? 0) + 1;
        const prev = head?.row_hash ?? GENESIS_HASH;
        const hash = chainHash(prev, seq, body);
        insert.run(seq, tx.txId, tx.requesterId, tx.providerId, creditsToMicro(tx.credits) ?? 0, contentHash, body, at, prev, hash);
        head = { seq, row_hash: hash };
        decided.add(tx.txId);
        out.applied.push(tx.txId);
      }
    }).immediate();
    return out;
  };
}
