/**
 * POST /credits/settled on the reference coordinator: the settled transactions naming one agent (as
 * requester or provider), oldest first after a cursor (the settled chain's seq). A runner reads back
 * after each sync what was really settled in its name: a charge it never recorded (an answer it had
 * given up on, settled from the provider's copy), or the acknowledgement of work it provided.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { parseBody } from './http-errors.js';

export const MAX_SETTLED_PAGE = 500;

const requestSchema = z.object({
  agentId: z.string().min(1).max(128),
  afterSeq: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(MAX_SETTLED_PAGE).default(MAX_SETTLED_PAGE),
});

export interface SettledPage {
  items: Array<{ seq: number; transaction: unknown }>;
  /** The cursor to send next (the last seq returned, or afterSeq when none). */
  lastSeq: number;
}

export function settledReadback(db: Database.Database): (body: unknown) => SettledPage {
  const page = db.prepare(
    `SELECT seq, body FROM settled WHERE seq > ? AND (requester_id = ? OR provider_id = ?) ORDER BY seq LIMIT ?`,
  );
  return (body) => {
    const { agentId, afterSeq, limit } = parseBody(requestSchema, body);
    const rows = page.all(afterSeq, agentId, agentId, limit) as Array<{ seq: number; body: string }>;
    return { items: rows.map((r) => ({ seq: r.seq, transaction: JSON.parse(r.body) as unknown })), lastSeq: rows[rows.length - 1]?.seq ?? afterSeq };
  };
}
