/**
 * Typed fetch-based client of the EdgeCoder coordinator. Every call has a timeout and honours an
 * AbortSignal; replies are size-capped and zod-validated; `x-mesh-token` goes on every call but
 * /register (whose reply supplies it), and so does `x-agent-token`, this agent's credential, once a
 * registration reply carried one. The HTTP transport only: no ledger logic lives here.
 */
import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import { AgentNotRegisteredError, CoordinatorHttpError, LeaseExpiredError, CoordinatorProtocolError, CoordinatorUnreachableError } from './coordinator-errors.js';
import {
  bleSyncReplySchema,
  settledReplySchema,
  errorReplySchema,
  heartbeatReplySchema,
  pullReplySchema,
  registerReplySchema,
  releaseReplySchema,
  resultReplySchema,
} from './coordinator-schemas.js';
import type {
  BleSyncReply, BleSyncRequest, HeartbeatReply, HeartbeatRequest, PullReply, RegisterReply, RegisterRequest, ReleaseRequest, ResultRequest, SettledReply, SettledRequest,
} from './coordinator-schemas.js';

export interface CoordinatorClientOptions {
  baseUrl: string;
  meshToken?: string;
  /** Our reference coordinator's operator token (x-operator-token): admin tools only, never the runner. */
  operatorToken?: string;
  clock?: Clock;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Largest reply body accepted (default 4 MiB). */
  maxReplyBytes?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class CoordinatorClient {
  private meshToken: string | null;
  private agentToken: string | null = null;
  private readonly operatorToken: string | null;
  private baseUrl: string;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly maxReplyBytes: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: CoordinatorClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.meshToken = opts.meshToken ?? null;
    this.operatorToken = opts.operatorToken ?? null;
    this.clock = opts.clock ?? systemClock;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxReplyBytes = opts.maxReplyBytes ?? 4 * 1024 * 1024;
    this.fetchImpl = opts.fetch ?? globalThis.fetch;
  }

  get token(): string | null {
    return this.meshToken;
  }

  /** This agent's credential from the last registration reply (our reference coordinator issues one). */
  get agentCredential(): string | null {
    return this.agentToken;
  }

  setMeshToken(token: string): void {
    this.meshToken = token;
  }

  /** Authenticated calls need a registration first (a new coordinator, or a token cleared by hand). */
  forgetMeshToken(): void {
    this.meshToken = null;
    this.agentToken = null;
  }

  /** The coordinator's address as the calls use it now. */
  get address(): string {
    return this.baseUrl;
  }

  /** Later calls go to this coordinator (the settings changed); a call already on the wire is not redirected. */
  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Registers and keeps the mesh token from the reply for later calls. */
  async register(body: RegisterRequest, opts?: CallOptions): Promise<RegisterReply> {
    const reply = await this.call('/register', body, registerReplySchema, false, opts);
    if (reply.meshToken) this.meshToken = reply.meshToken;
    if (reply.agentToken) this.agentToken = reply.agentToken;
    return reply;
  }

  heartbeat(body: HeartbeatRequest, opts?: CallOptions): Promise<HeartbeatReply> {
    return this.call('/heartbeat', body, heartbeatReplySchema, true, opts);
  }

  pull(agentId: string, opts?: CallOptions): Promise<PullReply> {
    return this.call('/pull', { agentId }, pullReplySchema, true, opts);
  }

  /** Resolves when the coordinator took the result, or had already taken this same result (a retry after a lost reply). */
  async result(body: ResultRequest, opts?: CallOptions): Promise<void> {
    await this.call('/result', body, resultReplySchema, true, opts);
  }

  /** Hands back a leased subtask this worker will not run, so the coordinator queues it again at once. */
  async release(body: ReleaseRequest, opts?: CallOptions): Promise<void> {
    await this.call('/release', body, releaseReplySchema, true, opts);
  }

  /** Uploads a batch; also checks the reply only names ids that were sent (anything else is malformed). */
  async bleSync(body: BleSyncRequest, opts?: CallOptions): Promise<BleSyncReply> {
    const reply = await this.call('/credits/ble-sync', body, bleSyncReplySchema, true, opts);
    const sent = new Set(body.transactions.map((t) => t.txId));
    const seen = new Set<string>();
    for (const id of [...reply.applied, ...reply.skipped]) {
      if (!sent.has(id)) throw new CoordinatorProtocolError('/credits/ble-sync', `reply names ${id}, which was not sent`);
      if (seen.has(id)) throw new CoordinatorProtocolError('/credits/ble-sync', `reply names ${id} twice`);
      seen.add(id);
    }
    return reply;
  }

  /** Reads back what the coordinator settled naming an agent (docs/ledger.md, "Reading back"). */
  settled(body: SettledRequest, opts?: CallOptions): Promise<SettledReply> {
    return this.call('/credits/settled', body, settledReplySchema, true, opts);
  }

  private async call<S extends z.ZodType>(path: string, body: unknown, schema: S, auth: boolean, opts: CallOptions = {}): Promise<z.infer<S>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth) {
      if (!this.meshToken) throw new AgentNotRegisteredError(path, 401, 'mesh_unauthorized', 'no mesh token yet: register first');
      headers['x-mesh-token'] = this.meshToken;
      if (this.agentToken) headers['x-agent-token'] = this.agentToken;
      if (this.operatorToken) headers['x-operator-token'] = this.operatorToken;
    }
    const ms = opts.timeoutMs ?? this.timeoutMs;
    return withDeadline(
      async (signal) => {
        let res: Response;
        try {
          res = await this.fetchImpl(`${this.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal });
        } catch (err) {
          if (signal.aborted) throw signal.reason;
          throw new CoordinatorUnreachableError(path, err);
        }
        const text = await readCapped(res, this.maxReplyBytes, path);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          if (!res.ok) throw new CoordinatorHttpError(path, res.status, null, null);
          throw new CoordinatorProtocolError(path, 'body is not JSON');
        }
        if (!res.ok) {
          const errorReply = errorReplySchema.safeParse(json);
          const code = errorReply.success ? errorReply.data.error : null;
          const reason = errorReply.success ? (errorReply.data.reason ?? null) : null;
          if (res.status === 401 && reason === 'agent_not_registered') throw new AgentNotRegisteredError(path, 401, code, reason);
          if (res.status === 409 && code === 'lease_expired') throw new LeaseExpiredError(path, 409, code, reason);
          throw new CoordinatorHttpError(path, res.status, code, reason);
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw new CoordinatorProtocolError(path, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        return parsed.data as z.infer<S>;
      },
      { clock: this.clock, ms, operation: `coordinator ${path}`, ...(opts.signal ? { signal: opts.signal } : {}) },
    );
  }
}

async function readCapped(res: Response, cap: number, path: string): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      throw new CoordinatorProtocolError(path, `reply larger than ${cap} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
