/**
 * The reference coordinator's HTTP surface (node:http): /register, /heartbeat, /pull, /result, /release,
 * /credits/ble-sync, POST /credits/settled (read-back of what was settled in the caller's name), plus POST /admin/tasks, GET /admin/tasks/<id>, GET /ledger/verify and GET /balances
 * for development and tests. Bodies are size-capped JSON; every error is a JSON body. Agents call with the
 * x-agent-token /register gave them; admin operations need the operator token (caller-auth.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { verifyRows } from '../main/ledger/hash-chain.js';
import { bleSettlement, MAX_SYNC_BATCH } from './ble-settlement.js';
import { settledReadback } from './settled-readback.js';
import { balancesOf, enqueueTask, meshTokenOf, openCoordinatorDb } from './coordinator-db.js';
import { agentRoutes } from './agent-routes.js';
import { callerAuth, requireAgent, requireOperator, requireParty, requireSelf } from './caller-auth.js';
import type { Caller } from './caller-auth.js';
import { taskState } from './task-queue.js';
import { HttpError, parseBody } from './http-errors.js';
import { defaultVerifyThreads, inlineVerifier, workerPoolVerifier } from './signature-pool.js';
import type { RouteHandler } from './http-errors.js';

export interface CoordinatorOptions {
  dataDir: string;
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  /** Worker threads verifying signatures (0 = on the HTTP thread). Default: one per core, at most 8. */
  verifyThreads?: number;
  now?: () => number;
  /** How long past a subtask's timeoutMs its worker may still answer before the task is queued again; default 10 s. */
  leaseGraceMs?: number;
}

export interface RunningCoordinator {
  url: string;
  port: number;
  /** Handed to registered agents for the BLE mesh; not a credential for this coordinator's API. */
  meshToken: string;
  /** For /admin/*, /balances of every agent and /ledger/verify (header x-operator-token); printed at start. */
  operatorToken: string;
  db: Database.Database;
  close(): Promise<void>;
}

const syncBodySchema = z.object({ transactions: z.array(z.unknown()).max(MAX_SYNC_BATCH) });
const taskSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  taskId: z.string().min(1).max(128).optional(),
  kind: z.string().min(1).max(64),
  language: z.string().max(64).optional(),
  input: z.string().max(256 * 1024),
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  requestedModel: z.string().max(256).optional(),
});

export async function startCoordinator(opts: CoordinatorOptions): Promise<RunningCoordinator> {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openCoordinatorDb(join(opts.dataDir, 'coordinator.db'));
  const meshToken = meshTokenOf(db);
  const auth = callerAuth(db);
  const now = opts.now ?? Date.now;
  const maxBody = opts.maxBodyBytes ?? 2 * 1024 * 1024;
  const threads = opts.verifyThreads ?? defaultVerifyThreads();
  const verifier = threads > 0 ? workerPoolVerifier(threads) : inlineVerifier();
  const settle = bleSettlement(db, verifier, now);
  const readback = settledReadback(db);
  const post: Record<string, RouteHandler> = {
    ...agentRoutes(db, meshToken, auth, now, opts.leaseGraceMs ?? 10_000),
    '/credits/ble-sync': (b, caller) => {
      const { transactions } = parseBody(syncBodySchema, b);
      requireParty(caller, transactions);
      return settle(transactions);
    },
    // An agent reads back only what was settled in its own name; the operator may read any agent's.
    '/credits/settled': (b, caller) => {
      const agentId = typeof (b as { agentId?: unknown } | null)?.agentId === 'string' ? (b as { agentId: string }).agentId : '';
      if (!caller.operator) requireSelf(caller, agentId);
      return readback(b);
    },
    '/admin/tasks': (b, caller) => {
      requireOperator(caller);
      const tasks = Array.isArray(b) ? b.map((t) => parseBody(taskSchema, t)) : [parseBody(taskSchema, b)];
      try {
        return { ids: db.transaction(() => tasks.map((t) => enqueueTask(db, t)))() };
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError(409, 'duplicate_task', 'a subtask with this id exists');
        throw err;
      }
    },
  };
  const get: Record<string, (path: string, caller: Caller) => unknown> = {
    // The operator sees any task; an agent only a task it holds or reported.
    '/admin/tasks/': (path, caller) => {
      if (!caller.operator) requireAgent(caller);
      let id: string;
      try {
        id = decodeURIComponent(path.slice('/admin/tasks/'.length));
      } catch {
        throw new HttpError(400, 'bad_task_id', 'the task id in the path has a malformed % escape');
      }
      const state = id ? taskState(db, id) : null;
      if (!state) throw new HttpError(404, 'unknown_task', id);
      if (!caller.operator && state.agentId !== caller.agentId) throw new HttpError(403, 'not_your_task', `task ${id} is not held by ${caller.agentId}`);
      return state;
    },
    '/ledger/verify': (_path, caller) => {
      requireOperator(caller);
      const rows = db.prepare('SELECT seq, body AS payload, prev_hash, row_hash FROM settled ORDER BY seq').iterate();
      return verifyRows(rows as Iterable<{ seq: number; payload: string; prev_hash: string; row_hash: string }>);
    },
    // The operator sees every agent's balance; an agent its own.
    '/balances': (_path, caller) => {
      if (!caller.operator) requireAgent(caller);
      const all = balancesOf(db);
      const agents = caller.operator ? all : { [caller.agentId as string]: all[caller.agentId as string] ?? { earnedMicro: 0, spentMicro: 0 } };
      return { agents, settledCount: (db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number }).n };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // GET routes ending in '/' take the rest of the path as their argument (/admin/tasks/<id>).
    const getKey = get[path] ? path : path.startsWith('/admin/tasks/') ? '/admin/tasks/' : path;
    const route = req.method === 'POST' ? post[path] : req.method === 'GET' ? get[getKey] : undefined;
    if (!route) throw post[path] || get[getKey] ? new HttpError(405, 'method_not_allowed') : new HttpError(404, 'not_found');
    const caller = auth.callerOf(req);
    // Safety net under each route's own check: nothing but /register answers a caller with no credential at all.
    if (path !== '/register' && !caller.operator && !caller.agentId) {
      const admin = path.startsWith('/admin') || path === '/ledger/verify';
      throw new HttpError(401, admin ? 'operator_unauthorized' : 'agent_unauthorized', `no agent token (x-agent-token, from /register) or operator token (x-operator-token)`);
    }
    const body = req.method === 'POST' ? await readJson(req, maxBody) : undefined;
    send(res, 200, await (req.method === 'POST' ? (route as RouteHandler)(body, caller) : (route as (p: string, c: Caller) => unknown)(path, caller)));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) send(res, err.status, { error: err.code, ...(err.reason ? { reason: err.reason } : {}) });
      else send(res, 500, { error: 'internal', reason: err instanceof Error ? err.message : String(err) });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    meshToken,
    operatorToken: auth.operatorToken,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void verifier.close().finally(() => {
            db.close();
            resolve();
          });
        });
        server.closeAllConnections();
      }),
  };
}

function readJson(req: IncomingMessage, cap: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > cap) {
        reject(new HttpError(413, 'body_too_large', `limit ${cap} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > cap) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'bad_json'));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
