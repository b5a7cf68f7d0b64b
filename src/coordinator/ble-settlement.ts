/**
 * POST /credits/ble-sync on the reference coordinator: verifies each transaction against the keys the
 * agents REGISTERED, recomputes the credits, refuses unsigned account redirection, dedupes by txId
 * durably, and appends every applied transaction to the settlement hash chain in one commit per batch.
 * Signatures are checked by a SignatureVerifier (worker threads); dedupe happens inside the commit, so
 * concurrent batches carrying the same txId still settle it once.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { creditsToMicro } from '../shared/ledger-credits.js';
import { chainHash, GENESIS_HASH } from '../main/ledger/hash-chain.js';
import { checkTransactionBody, TxRejectedError } from '../main/ledger/tx-protocol.js';
import { bleSyncTransactionSchema } from '../main/ledger/tx-types.js';
import type { LedgerTransaction } from '../main/ledger/tx-types.js';
import { findAgent } from './coordinator-db.js';
import type { SignatureCheck, SignatureVerifier } from './signature-pool.js';

export interface BleSyncOutcome {
  applied: string[];
  skipped: string[];
  total: number;
  reasons: Record<string, string>;
}

export const MAX_SYNC_BATCH = 1000;

type Prepared =
  | { ok: true; tx: LedgerTransaction; contentHash: string; checks: [SignatureCheck, SignatureCheck] }
  | { ok: false; txId: string | null; reason: string };

function prepare(db: Database.Database, raw: unknown): Prepared {
  const txId = typeof (raw as { txId?: unknown })?.txId === 'string' ? (raw as { txId: string }).txId.slice(0, 128) : null;
  const parsed = bleSyncTransactionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, txId, reason: 'malformed' };
  const w = parsed.data;
  if (w.requesterAccountId !== w.requesterId || w.providerAccountId !== w.providerId || w.timestamp !== w.completedAt) {
    return { ok: false, txId, reason: 'account_mismatch' };
  }
  const requester = findAgent(db, w.requesterId);
  const provider = findAgent(db, w.providerId);
  if (!requester?.public_key || !provider?.public_key) return { ok: false, txId, reason: 'unknown_agent' };
  try {
    const { tx, intentBytes, receiptBytes } = checkTransactionBody(w);
    return {
      ok: true,
      tx,
      contentHash: createHash('sha256').update(JSON.stringify(tx)).digest('hex'),
      checks: [
        { publicKeyHex: requester.public_key, message: intentBytes, signature: Buffer.from(tx.requesterSignature, 'hex') },
        { publicKeyHex: provider.public_key, message: receiptBytes, signature: Buffer.from(tx.providerSignature, 'hex') },
      ],
    };
  } catch (err) {
    if (err instanceof TxRejectedError) return { ok: false, txId, reason: err.code };
    throw err;
  }
}

export async function settleBleBatch(db: Database.Database, verifier: SignatureVerifier, transactions: readonly unknown[], now: () => number): Promise<BleSyncOutcome> {
  const prepared = transactions.map((raw) => prepare(db, raw));
  const checks = prepared.flatMap((p) => (p.ok ? p.checks : []));
  const verdicts = await verifier.verifyMany(checks);
  let v = 0;
  const checked = prepared.map((p): Prepared => {
    if (!p.ok) return p;
    const [requesterOk, providerOk] = [verdicts[v++], verdicts[v++]];
    if (!requesterOk) return { ok: false, txId: p.tx.txId, reason: 'bad_requester_signature' };
    if (!providerOk) return { ok: false, txId: p.tx.txId, reason: 'bad_provider_signature' };
    return p;
  });

  const out: BleSyncOutcome = { applied: [], skipped: [], total: transactions.length, reasons: {} };
  const skip = (txId: string | null, reason: string): void => {
    if (txId === null || out.reasons[txId] !== undefined || out.applied.includes(txId)) return;
    out.skipped.push(txId);
    out.reasons[txId] = reason;
  };
  const existing = db.prepare('SELECT content_hash FROM settled WHERE tx_id = ?');
  const last = db.prepare('SELECT seq, row_hash FROM settled ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO settled (seq, tx_id, requester_id, provider_id, credits_micro, content_hash, body, applied_at, prev_hash, row_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const at = now();
  db.transaction(() => {
    let head = last.get() as { seq: number; row_hash: string } | undefined;
    const inBatch = new Set<string>();
    for (const c of checked) {
      if (!c.ok) {
        skip(c.txId, c.reason);
        continue;
      }
      const { tx, contentHash } = c;
      const prior = existing.get(tx.txId) as { content_hash: string } | undefined;
      if (prior || inBatch.has(tx.txId)) {
        skip(tx.txId, prior && prior.content_hash !== contentHash ? 'conflict' : 'duplicate');
        continue;
      }
      const seq = (head?.seq ?? 0) + 1;
      const prev = head?.row_hash ?? GENESIS_HASH;
      const body = JSON.stringify(tx);
      const hash = chainHash(prev, seq, body);
      insert.run(seq, tx.txId, tx.requesterId, tx.providerId, creditsToMicro(tx.credits) ?? 0, contentHash, body, at, prev, hash);
      head = { seq, row_hash: hash };
      inBatch.add(tx.txId);
      out.applied.push(tx.txId);
    }
  }).immediate();
  return out;
}
