/**
 * The worker-facing routes of the reference coordinator: register (proof of the agent's key → its agent
 * token), heartbeat (keeping the agent's power telemetry; its policy echoes the task limit granted at
 * registration), pull (deferred by the power rule; leased), result (only from the lease holder; the same
 * result again is answered as accepted), release (a leased task handed back). All but register act only
 * for the agent the caller's token proves.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { agentIdMatchesKey, publicKeyFromHex, publicKeyHexFromPem } from '../main/ledger/identity.js';
import { checkRegistrationProof } from '../main/ledger/registration-proof.js';
import type { CallerAuth } from './caller-auth.js';
import { requireSelf } from './caller-auth.js';
import { findAgent } from './coordinator-db.js';
import { HttpError, parseBody } from './http-errors.js';
import type { RouteHandler } from './http-errors.js';
import { parseStoredPower, powerDeferral, reportedPowerSchema } from './power-deferral.js';
import { completeTask, leaseNext, releaseTask } from './task-queue.js';

const agentId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/);
const registerSchema = z.looseObject({
  agentId,
  os: z.string().max(128).optional(),
  version: z.string().max(64).optional(),
  mode: z.enum(['swarm-only', 'ide-enabled']).optional(),
  maxConcurrentTasks: z.number().int().min(1).max(64).optional(),
  publicKeyPem: z.string({ error: 'publicKeyPem is required: the agent proves it holds this key' }).max(1024),
  proof: z.object({ issuedAt: z.number(), signature: z.string().max(256) }, { error: 'proof is required: {issuedAt, signature} signed with the agent key' }),
  powerTelemetry: reportedPowerSchema.optional(),
});
const heartbeatSchema = z.looseObject({ agentId, powerTelemetry: reportedPowerSchema.optional() });
const pullSchema = z.object({ agentId });
const releaseSchema = z.object({ agentId, subtaskId: z.string().max(128), reason: z.string().max(512).optional() });
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
export function agentRoutes(db: Database.Database, meshToken: string, auth: CallerAuth, now: () => number, leaseGraceMs: number): Record<string, RouteHandler> {
  const requireAgent = (id: string): void => {
    if (!findAgent(db, id)) throw new HttpError(401, 'mesh_unauthorized', 'agent_not_registered');
  };
  const grantedLimit = (id: string): number => {
    const row = db.prepare('SELECT info FROM agents WHERE agent_id = ?').get(id) as { info: string } | undefined;
    const granted = row ? (JSON.parse(row.info) as { maxConcurrentTasks?: unknown }).maxConcurrentTasks : undefined;
    return typeof granted === 'number' ? granted : 1;
  };
  return {
    '/register': (b) => {
      const r = parseBody(registerSchema, b);
      let key: string;
      try {
        key = publicKeyHexFromPem(r.publicKeyPem);
      } catch {
        throw new HttpError(400, 'bad_public_key', 'publicKeyPem must be an Ed25519 SPKI PEM');
      }
      if (!agentIdMatchesKey(r.agentId, key)) throw new HttpError(400, 'agent_id_key_mismatch', 'derived agentId is not the hash of this key');
      const prior = findAgent(db, r.agentId);
      // First registration binds agentId ↔ key; nobody can later re-bind it to another key.
      if (prior?.public_key && prior.public_key !== key) throw new HttpError(409, 'agent_key_conflict', 'agentId is bound to another key');
      const refused = checkRegistrationProof(publicKeyFromHex(key), r.agentId, r.proof, now());
      if (refused) throw new HttpError(401, 'bad_registration_proof', refused);
      const granted = r.maxConcurrentTasks ?? 1;
      db.prepare(
        `INSERT INTO agents (agent_id, public_key, registered_at, info, power) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET public_key = COALESCE(agents.public_key, excluded.public_key), info = excluded.info, power = excluded.power`,
      ).run(r.agentId, key, now(), JSON.stringify({ os: r.os, version: r.version, mode: r.mode, maxConcurrentTasks: granted }), r.powerTelemetry ? JSON.stringify(r.powerTelemetry) : null);
      return { accepted: true, policy: { ...policy, maxConcurrentTasks: granted }, mode: r.mode ?? 'swarm-only', meshToken, agentToken: auth.credentialFor(r.agentId) };
    },
    '/heartbeat': (b, caller) => {
      const r = parseBody(heartbeatSchema, b);
      requireSelf(caller, r.agentId);
      requireAgent(r.agentId);
      db.prepare('UPDATE agents SET last_heartbeat = ?, power = COALESCE(?, power) WHERE agent_id = ?')
        .run(now(), r.powerTelemetry ? JSON.stringify(r.powerTelemetry) : null, r.agentId);
      return { ok: true, policy: { ...policy, maxConcurrentTasks: grantedLimit(r.agentId) } };
    },
    '/pull': (b, caller) => {
      const r = parseBody(pullSchema, b);
      requireSelf(caller, r.agentId);
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
    '/result': (b, caller) => {
      const r = parseBody(resultSchema, b);
      requireSelf(caller, r.agentId);
      requireAgent(r.agentId);
      const { subtaskId: _s, taskId: _t, agentId: _a, ...kept } = r;
      const result = JSON.stringify(kept);
      const outcome = completeTask(db, r.subtaskId, r.agentId, result, now());
      if (outcome === 'unknown') throw new HttpError(404, 'unknown_subtask', 'no such subtask');
      if (outcome === 'already-done') throw new HttpError(409, 'already_reported', 'this agent already reported a different result for this subtask');
      if (outcome === 'lease-expired') throw new HttpError(409, 'lease_expired', 'the lease on this subtask expired or it was given to another agent');
      return outcome === 'duplicate' ? { ok: true, alreadyAccepted: true } : { ok: true };
    },
    '/release': (b, caller) => {
      const r = parseBody(releaseSchema, b);
      requireSelf(caller, r.agentId);
      requireAgent(r.agentId);
      if (!releaseTask(db, r.subtaskId, r.agentId, r.reason ?? 'no reason given')) throw new HttpError(409, 'not_leased', 'this agent holds no lease on this subtask');
      return { ok: true };
    },
  };
}
