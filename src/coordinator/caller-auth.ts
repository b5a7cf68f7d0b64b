/**
 * Who is calling the reference coordinator. Two credentials, both created once and kept in its
 * database (they survive a restart):
 * - the operator token (`x-operator-token`), printed at start, for /admin/*, every agent's balances and
 *   the ledger check;
 * - a per-agent credential (`x-agent-token`) issued by /register to the holder of the agent's key:
 *   `<base64url agentId>.<HMAC-SHA256(secret, agentId)>`, so it names its agent and is checked without a
 *   table lookup. /pull, /result, /heartbeat and /credits/ble-sync act only for the agent it proves.
 * The mesh token is no credential here: the coordinator hands it to every registered agent for the BLE mesh.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type Database from 'better-sqlite3';
import { HttpError } from './http-errors.js';

export const OPERATOR_HEADER = 'x-operator-token';
export const AGENT_HEADER = 'x-agent-token';

export interface Caller {
  /** The agent its credential proves (null: none presented). */
  agentId: string | null;
  operator: boolean;
}

function metaSecret(db: Database.Database, key: string): string {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (row) return row.value;
  const value = randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
  return value;
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface CallerAuth {
  operatorToken: string;
  /** The credential /register hands to a proven agent. */
  credentialFor(agentId: string): string;
  /** Reads the credentials on a request; a credential presented but wrong is a 401 with the reason. */
  callerOf(req: IncomingMessage): Caller;
}

export function callerAuth(db: Database.Database): CallerAuth {
  const operatorToken = metaSecret(db, 'operator_token');
  const secret = metaSecret(db, 'agent_credential_secret');
  const mac = (agentId: string): string => createHmac('sha256', secret).update(agentId, 'utf8').digest('base64url');
  const credentialFor = (agentId: string): string => `${Buffer.from(agentId, 'utf8').toString('base64url')}.${mac(agentId)}`;
  return {
    operatorToken,
    credentialFor,
    callerOf(req) {
      const op = req.headers[OPERATOR_HEADER];
      const agent = req.headers[AGENT_HEADER];
      const operator = typeof op === 'string' && op !== '';
      if (operator && !sameText(op, operatorToken)) throw new HttpError(401, 'operator_unauthorized', 'wrong operator token');
      if (typeof agent !== 'string' || agent === '') return { agentId: null, operator };
      const dot = agent.indexOf('.');
      const agentId = dot > 0 ? Buffer.from(agent.slice(0, dot), 'base64url').toString('utf8') : '';
      if (!agentId || !sameText(agent, credentialFor(agentId))) {
        throw new HttpError(401, 'agent_unauthorized', 'agent token not issued by this coordinator: register again');
      }
      return { agentId, operator };
    },
  };
}

/** The caller must hold the operator token. */
export function requireOperator(caller: Caller): void {
  if (!caller.operator) throw new HttpError(401, 'operator_unauthorized', `this operation needs the operator token (${OPERATOR_HEADER}) printed when the coordinator started`);
}

/** The caller must be a proven agent; returns its agentId. */
export function requireAgent(caller: Caller): string {
  if (!caller.agentId) throw new HttpError(401, 'agent_unauthorized', `no agent token (${AGENT_HEADER}): register to obtain one`);
  return caller.agentId;
}

/** The caller must be the agent a request body names. */
export function requireSelf(caller: Caller, bodyAgentId: string): void {
  const proven = requireAgent(caller);
  if (proven !== bodyAgentId) throw new HttpError(403, 'agent_mismatch', `this agent token is for ${proven}, not ${bodyAgentId}`);
}

/** An agent syncs only transactions it is a party to (requester or provider); the operator may sync any. */
export function requireParty(caller: Caller, transactions: unknown[]): void {
  if (caller.operator) return;
  const agentId = requireAgent(caller);
  for (const t of transactions) {
    const tx = (t ?? {}) as { txId?: unknown; requesterId?: unknown; providerId?: unknown };
    if (tx.requesterId !== agentId && tx.providerId !== agentId) {
      throw new HttpError(403, 'not_a_party', `transaction ${String(tx.txId)} names neither requester nor provider ${agentId}`);
    }
  }
}
