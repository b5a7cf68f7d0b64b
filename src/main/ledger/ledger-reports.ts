/**
 * Read-only views of the local ledger for the dashboard Credits panel and exports: balance, per-peer
 * totals, a cumulative series for the chart, CSV. Rejected transactions move no credits.
 */
import type Database from 'better-sqlite3';
import { microToCredits } from '../../shared/ledger-credits.js';
import type { LedgerBalance, LedgerPeerTotal, LedgerReadBackCharge, LedgerSeriesPoint } from '../../shared/ledger-status.js';
import type { LedgerTransaction } from './tx-types.js';

const STATE = `COALESCE((SELECT e.state FROM tx_events e WHERE e.tx_id = t.tx_id), 'pending')`;

export function ledgerBalance(db: Database.Database): LedgerBalance {
  const rows = db
    .prepare(`SELECT t.role AS role, ${STATE} AS state, SUM(t.credits_micro) AS micro, COUNT(*) AS n FROM transactions t GROUP BY role, state`)
    .all() as Array<{ role: string; state: string; micro: number; n: number }>;
  const b = { earned: 0, spent: 0, pending: 0, synced: 0, pendingCount: 0, syncedCount: 0, rejectedCount: 0 };
  for (const r of rows) {
    if (r.state === 'rejected') {
      b.rejectedCount += r.n;
      continue;
    }
    if (r.role === 'provider') b.earned += r.micro;
    else b.spent += r.micro;
    if (r.state === 'pending') {
      b.pending += r.micro;
      b.pendingCount += r.n;
    } else {
      b.synced += r.micro;
      b.syncedCount += r.n;
    }
  }
  return {
    earned: microToCredits(b.earned),
    spent: microToCredits(b.spent),
    net: microToCredits(b.earned - b.spent),
    pending: microToCredits(b.pending),
    synced: microToCredits(b.synced),
    pendingCount: b.pendingCount,
    syncedCount: b.syncedCount,
    rejectedCount: b.rejectedCount,
  };
}

export function ledgerPeerTotals(db: Database.Database, limit = 100): LedgerPeerTotal[] {
  const rows = db
    .prepare(
      `SELECT t.peer_id AS peerId,
              SUM(CASE WHEN t.role = 'provider' THEN t.credits_micro ELSE 0 END) AS earned,
              SUM(CASE WHEN t.role = 'requester' THEN t.credits_micro ELSE 0 END) AS spent,
              COUNT(*) AS count, MAX(t.completed_at) AS lastAt
       FROM transactions t WHERE ${STATE} != 'rejected' GROUP BY t.peer_id ORDER BY count DESC, peerId LIMIT ?`,
    )
    .all(limit) as Array<{ peerId: string; earned: number; spent: number; count: number; lastAt: number }>;
  return rows.map((r) => ({ peerId: r.peerId, earned: microToCredits(r.earned), spent: microToCredits(r.spent), count: r.count, lastAt: r.lastAt }));
}

/** Charges read back from the coordinator that this computer had not recorded itself, per provider. */
export function ledgerReadBackCharges(db: Database.Database, limit = 20): LedgerReadBackCharge[] {
  const rows = db
    .prepare(
      `SELECT t.peer_id AS peerId, COUNT(*) AS count, SUM(t.credits_micro) AS micro, MAX(t.completed_at) AS lastAt FROM transactions t
       WHERE t.role = 'requester' AND t.source = 'readback' GROUP BY t.peer_id ORDER BY lastAt DESC LIMIT ?`,
    )
    .all(limit) as Array<{ peerId: string; count: number; micro: number; lastAt: number }>;
  return rows.map((r) => ({ peerId: r.peerId, count: r.count, credits: microToCredits(r.micro), lastAt: r.lastAt }));
}

/** Cumulative earned/spent per time bucket (by completedAt); at most maxPoints buckets, newest kept. */
export function ledgerSeries(db: Database.Database, bucketMs = 3_600_000, maxPoints = 500): LedgerSeriesPoint[] {
  const bucket = Math.max(1, Math.floor(bucketMs));
  const rows = db
    .prepare(
      `SELECT (t.completed_at / ?) * ? AS t,
              SUM(CASE WHEN t.role = 'provider' THEN t.credits_micro ELSE 0 END) AS earned,
              SUM(CASE WHEN t.role = 'requester' THEN t.credits_micro ELSE 0 END) AS spent
       FROM transactions t WHERE ${STATE} != 'rejected' GROUP BY 1 ORDER BY 1`,
    )
    .all(bucket, bucket) as Array<{ t: number; earned: number; spent: number }>;
  let earned = 0;
  let spent = 0;
  const points = rows.map((r) => {
    earned += r.earned;
    spent += r.spent;
    return { t: r.t, earned: microToCredits(earned), spent: microToCredits(spent), net: microToCredits(earned - spent) };
  });
  return points.slice(-maxPoints);
}

const CSV_HEADER = 'txId,role,peerId,state,reason,credits,cpuSeconds,providerModelParamSize,issuedAt,completedAt,taskHash,resultHash';

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // Quote anything a spreadsheet could misread; neutralise formula prefixes.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV of every transaction (optionally completedAt in [from, to)), oldest first. */
export function ledgerCsv(db: Database.Database, range: { from?: number; to?: number } = {}): string {
  const rows = db
    .prepare(
      `SELECT t.role, t.peer_id, t.body, e.state, e.reason FROM transactions t LEFT JOIN tx_events e ON e.tx_id = t.tx_id
       WHERE t.completed_at >= ? AND t.completed_at < ? ORDER BY t.seq`,
    )
    .all(range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER) as Array<{ role: string; peer_id: string; body: string; state: string | null; reason: string | null }>;
  const lines = [CSV_HEADER];
  for (const r of rows) {
    const tx = (JSON.parse(r.body) as { tx: LedgerTransaction }).tx;
    lines.push(
      [tx.txId, r.role, r.peer_id, r.state ?? 'pending', r.reason, tx.credits, tx.cpuSeconds, tx.providerModelParamSize,
        new Date(tx.issuedAt).toISOString(), new Date(tx.completedAt).toISOString(), tx.taskHash, tx.resultHash]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
