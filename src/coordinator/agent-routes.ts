/**
 * The worker-facing routes of the reference coordinator: register, heartbeat (keeping the agent's power
 * telemetry), pull (deferred by the power rule; leased), result (only from the lease holder).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { agentIdMatchesKey, publicKeyHexFromPem } from '../main/ledger/identity.js';
import { findAgent } from './coordinator-db.js';
import { HttpError, parseBody } from './http-errors.js';
import type { RouteHandler } from './http-errors.js';
import { parseStoredPower, powerDeferral, reportedPowerSchema } from './power-deferral.js';
import { completeTask, leaseNext } from './task-queue.js';

const agentId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/);
const registerSchema = z.looseObject({
  agentId,
  os: z.string().max(128).optional(),
  version: z.string().max(64).optional(),
  mode: z.enum(['swarm-only', 'ide-enabled']).optional(),
  maxConcurrentTasks: z.number().int().min(1).max(64).optional(),
  publicKeyPem: z.string().max(1024).optional(),
  powerTelemetry: reportedPowerSchema.optional(),
});
const heartbeatSchema = z.looseObject({ agentId, powerTelemetry: reportedPowerSchema.optional() });
const pullSchema = z.object({ agentId });
const resultSchema = z.object({
  subtaskId: z.string().max(128),
  taskId: z.string().max(128),
  agentId,
  ok: z.boolean(),
  output: z.string().max(1024 * 1024),
  error: z.string().max(4096).optional(),
  durationMs: z.number().nonnegative(),
  // How the worker answered (a coding task run in its sandbox, or a completion): kept and shown by GET /admin/tasks/<id>.
  answeredAs: z.enum(['coding_task', 'completion']).optional(),
  language: z.string().max(64).optional(),
  code: z.string().max(256 * 1024).optional(),
  exitCode: z.number().int().nullable().optional(),
  iterations: z.number().int().min(0).max(100).optional(),
  cpuSeconds: z.number().finite().nonnegative().optional(),
  reason: z.string().max(64).optional(),
  note: z.string().max(500).optional(),
});

const policy = { cpuCapPercent: 80, memoryLimitMb: 4096, idleOnly: false, maxConcurrentTasks: 1, allowedHours: null };

/** `leaseGraceMs`: how long past a subtask's timeoutMs its worker may still answer before it is queued again. */
export function agentRoutes(db: Database.Database, meshToken: string, now: () => number, leaseGraceMs: number): Record<string, RouteHandler> {
  const requireAgent = (id: string): void => {
    if (!findAgent(db, id)) throw new HttpError(401, 'mesh_unauthorized', 'agent_not_registered');
  };
  return {
    '/register': (b) => {
      const r = parseBody(registerSchema, b);
      let key: string | null = null;
      if (r.publicKeyPem !== undefined) {
        try {
          key = publicKeyHexFromPem(r.publicKeyPem);
        } catch {
          throw new HttpError(400, 'bad_public_key', 'publicKeyPem must be an Ed25519 SPKI PEM');
        }
        if (!agentIdMatchesKey(r.agentId, key)) throw new HttpError(400, 'agent_id_key_mismatch', 'derived agentId is not the hash of this key');
      }
      const prior = findAgent(db, r.agentId);
      // First registration binds agentId ↔ key; nobody can later re-bind it to another key.
      if (prior?.public_key && key && prior.public_key !== key) throw new HttpError(409, 'agent_key_conflict', 'agentId is bound to another key');
      db.prepare(
        `INSERT INTO agents (agent_id, public_key, registered_at, info, power) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET public_key = COALESCE(agents.public_key, excluded.public_key), info = excluded.info, power = excluded.power`,
      ).run(r.agentId, key, now(), JSON.stringify({ os: r.os, version: r.version, mode: r.mode }), r.powerTelemetry ? JSON.stringify(r.powerTelemetry) : null);
      return { accepted: true, policy: { ...policy, maxConcurrentTasks: r.maxConcurrentTasks ?? 1 }, mode: r.mode ?? 'swarm-only', meshToken };
    },
    '/heartbeat': (b) => {
      const r = parseBody(heartbeatSchema, b);
      requireAgent(r.agentId);
      db.prepare('UPDATE agents SET last_heartbeat = ?, power = COALESCE(?, power) WHERE agent_id = ?')
        .run(now(), r.powerTelemetry ? JSON.stringify(r.powerTelemetry) : null, r.agentId);
      return { ok: true, policy };
    },
    '/pull': (b) => {
      const r = parseBody(pullSchema, b);
      requireAgent(r.agentId);
      const power = db.prepare('SELECT power FROM agents WHERE agent_id = ?').get(r.agentId) as { power: string | null };
      const deferred = powerDeferral(parseStoredPower(power.power));
      if (deferred) return { subtask: null, powerDeferred: true, reason: deferred };
      const row = leaseNext(db, r.agentId, now(), leaseGraceMs);
      if (!row) return { subtask: null };
      return {
        subtask: {
          id: row.id, taskId: row.task_id, kind: row.kind, input: row.input, timeoutMs: row.timeout_ms,
          ...(row.language ? { language: row.language } : {}), ...(row.requested_model ? { requestedModel: row.requested_model } : {}),
        },
      };
    },
    '/result': (b) => {
      const r = parseBody(resultSchema, b);
      requireAgent(r.agentId);
      const { subtaskId: _s, taskId: _t, agentId: _a, ...kept } = r;
      const result = JSON.stringify(kept);
      const outcome = completeTask(db, r.subtaskId, r.agentId, result, now());
      if (outcome === 'unknown' || outcome === 'already-done') throw new HttpError(404, 'unknown_subtask', 'not assigned to this agent');
      if (outcome === 'lease-expired') throw new HttpError(409, 'lease_expired', 'the lease on this subtask expired or it was given to another agent');
      return { ok: true };
    },
  };
}
