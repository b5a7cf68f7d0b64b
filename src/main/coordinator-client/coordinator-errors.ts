/** Failures of a coordinator call, each distinguishable by class (callers react differently). */

/** Non-2xx reply. `code`/`reason` come from the JSON error body when it has one. */
export class CoordinatorHttpError extends Error {
  override readonly name: string = 'CoordinatorHttpError';
  constructor(readonly endpoint: string, readonly status: number, readonly code: string | null, readonly reason: string | null) {
    super(`${endpoint} failed: HTTP ${status}${code ? ` ${code}` : ''}${reason ? ` (${reason})` : ''}`);
  }
}

/** 401 agent_not_registered (e.g. after a coordinator restart): register again, then retry. */
export class AgentNotRegisteredError extends CoordinatorHttpError {
  override readonly name = 'AgentNotRegisteredError';
}

/** 2xx reply that is not the documented shape: nothing in it may be acted on. */
export class CoordinatorProtocolError extends Error {
  override readonly name = 'CoordinatorProtocolError';
  constructor(readonly endpoint: string, detail: string) {
    super(`${endpoint}: malformed coordinator reply: ${detail}`);
  }
}

/** Network-level failure (connection refused, reset, DNS). */
export class CoordinatorUnreachableError extends Error {
  override readonly name = 'CoordinatorUnreachableError';
  constructor(readonly endpoint: string, cause: unknown) {
    super(`${endpoint}: coordinator unreachable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Whether a failed authenticated call means "register again, then retry once": the coordinator forgot
 * this agent (401 agent_not_registered, e.g. after a restart), no longer accepts the mesh token this
 * install holds (401 mesh_unauthorized: the token was rotated or the coordinator was reset), or wants the
 * agent credential a registration issues (401 agent_unauthorized: none yet in this run, or another
 * coordinator's). Anything else (unreachable, 5xx, 403, a malformed reply) is not fixed by registering.
 */
export function needsRegistration(err: unknown): boolean {
  if (err instanceof AgentNotRegisteredError) return true;
  return err instanceof CoordinatorHttpError && err.status === 401 && (err.code === 'mesh_unauthorized' || err.code === 'agent_unauthorized');
}

/** 409 lease_expired on /result: the coordinator gave this subtask to someone else (or will); never retry. */
export class LeaseExpiredError extends CoordinatorHttpError {
  override readonly name = 'LeaseExpiredError';
  constructor(endpoint: string, status: number, code: string | null, reason: string | null) {
    super(endpoint, status, code, reason);
    this.message = `${endpoint}: the coordinator no longer holds this subtask for us (lease expired or reassigned); result discarded`;
  }
}
