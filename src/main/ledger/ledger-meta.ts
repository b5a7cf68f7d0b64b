/**
 * Small state of the local ledger beside the transactions (schema 2): the read-back cursor (the
 * coordinator's settled seq already read) and the intents this computer sent and gave up on (timed out,
 * link lost, refused), so a charge read back later can be explained ("for a request that timed out").
 */
import type Database from 'better-sqlite3';

export function metaValue(db: Database.Database, key: string): string | null {
  return (db.prepare('SELECT value FROM ledger_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function setMetaValue(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** How an attempt that had sent its intent ended without an accepted answer. */
export type AbandonedKind = 'timed out' | 'lost the link' | 'failed';

export function noteAbandonedIntent(db: Database.Database, txId: string, providerId: string, kind: AbandonedKind, at: number): void {
  db.prepare('INSERT OR IGNORE INTO abandoned_intents (tx_id, provider_id, reason, at) VALUES (?, ?, ?, ?)').run(txId, providerId, kind, at);
}

export function abandonedKind(db: Database.Database, txId: string): AbandonedKind | null {
  return (db.prepare('SELECT reason FROM abandoned_intents WHERE tx_id = ?').pluck().get(txId) as AbandonedKind | undefined) ?? null;
}

/** Classifies an attempt's error the way the Activity line words it. */
export function abandonedKindOf(err: unknown): AbandonedKind {
  const text = `${err instanceof Error ? `${err.name} ${err.message}` : String(err)}`;
  if (/timed? ?out|deadline|abort/i.test(text)) return 'timed out';
  if (/link|disconnect|connection/i.test(text)) return 'lost the link';
  return 'failed';
}
