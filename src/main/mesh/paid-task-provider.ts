/**
 * Provider side of a mesh task: the requester's signed intent is checked BEFORE anything runs (right
 * provider, right signature, pinned key, not replayed, not expired, and the task is the one signed for);
 * after the work, unless the intent expired meanwhile or the credits exceed its ceiling, the transaction
 * is countersigned with credits from the seed formula and committed to disk; only then does the response
 * go back, carrying the receipt: the fields the provider added to the intent. The transaction settles
 * only once the requester acknowledges the answer (encoding v2), so work lost on the way is not paid.
 */
import type { Clock } from '../core/clock.js';
import type { MeshTaskHandler, PeerContext } from '../ble/peripheral/index.js';
import type { MeshTaskRequest } from '../ble/protocol/mesh-schemas.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import { resultDigest, taskDigest } from '../ledger/task-digest.js';
import { TxRejectedError } from '../ledger/tx-protocol.js';
import type { LedgerTransaction, SignedIntent } from '../ledger/tx-types.js';

/** The response fields of a coding task. */
export interface CodingOutcome {
  generatedCode: string;
  exitCode: number | null;
  iterations: number;
  reason?: string;
  runError?: string;
}

/** What running the task produced; `paramSize` is of the model that actually answered; `coding`: a coding task's run. */
export type WorkOutcome =
  | { ok: true; output: string; cpuSeconds: number; durationMs: number; paramSize: number; aborted?: boolean; coding?: CodingOutcome }
  | { ok: false; error: string };

export interface PaidTaskEvent {
  requesterId: string;
  requestId: string;
  /** Set when a transaction was recorded. */
  tx?: LedgerTransaction;
  /** Set when the task was refused or failed. */
  error?: string;
  /** A served coding task: its language and how its run ended. */
  coding?: CodingOutcome & { language: string };
}

export interface PaidTaskProviderDeps {
  ledger: Pick<LedgerService, 'checkIntent' | 'complete'>;
  run: (request: MeshTaskRequest, ctx: PeerContext) => Promise<WorkOutcome>;
  clock: Clock;
  /** The app serves paid tasks only; virtual test devices may also serve unsigned ones. */
  requireIntent: boolean;
  onOutcome?: (event: PaidTaskEvent) => void;
}

export function paidTaskHandler(deps: PaidTaskProviderDeps): MeshTaskHandler {
  return async (request, ctx) => {
    const requesterId = request.requester?.agentId ?? 'unknown';
    const refuse = (error: string): { ok: false; error: string } => {
      deps.onOutcome?.({ requesterId, requestId: request.id, error });
      return { ok: false, error };
    };
    if (!request.intent) {
      if (deps.requireIntent) return refuse('refused: a signed intent is required (credits are settled per task)');
      const work = await deps.run(request, ctx);
      return work.ok ? { ok: true, output: work.output, cpuSeconds: work.cpuSeconds, durationMs: work.durationMs, ...work.coding } : { ok: false, error: work.error };
    }
    if (!request.requester) return refuse('refused: the intent comes without the requester identity');

    let intent: SignedIntent;
    try {
      intent = deps.ledger.checkIntent(request.intent, request.requester.agentId, request.requester.publicKey);
      const expected = taskDigest({ prompt: request.prompt, maxTokens: request.maxTokens, language: request.language });
      if (intent.taskHash !== expected) throw new TxRejectedError('intent_changed', 'taskHash does not match the task sent');
      if (intent.expiresAt !== undefined && deps.clock.now() > intent.expiresAt) {
        throw new TxRejectedError('expired', `the intent expired at ${new Date(intent.expiresAt).toISOString()}: nothing run`);
      }
    } catch (err) {
      return refuse(`refused: ${errorText(err)}`);
    }

    const work = await deps.run(request, ctx);
    if (!work.ok) return refuse(work.error);
    if (work.aborted || ctx.signal.aborted) return refuse('aborted before completion: nothing charged');
    // countersign refuses completedAt after expiresAt and credits above maxCredits: not recorded, not charged.
    let tx: LedgerTransaction;
    try {
      tx = deps.ledger.complete(intent, request.requester.publicKey, {
        cpuSeconds: work.cpuSeconds,
        providerModelParamSize: work.paramSize,
        resultHash: resultDigest(work.output),
        completedAt: Math.max(deps.clock.now(), intent.issuedAt),
      });
    } catch (err) {
      return refuse(`not recorded: ${errorText(err)}`);
    }
    deps.onOutcome?.({ requesterId, requestId: request.id, tx, ...(work.coding && request.coding ? { coding: { ...work.coding, language: request.coding.language } } : {}) });
    // The requester holds its signed intent: only what the provider added travels back (fewer packets).
    const receipt = { cpuSeconds: tx.cpuSeconds, credits: tx.credits, providerModelParamSize: tx.providerModelParamSize, resultHash: tx.resultHash, completedAt: tx.completedAt, providerSignature: tx.providerSignature };
    return { ok: true, output: work.output, cpuSeconds: tx.cpuSeconds, durationMs: work.durationMs, receipt, ...work.coding };
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
