/**
 * Requester side of a mesh task: sign the intent (v2: expiring with the attempt's deadline, with a credit
 * ceiling) for this exact task and provider, send it, and accept the result only when the provider's
 * receipt verifies (both signatures, the intent unchanged, the credit arithmetic, the result hash over
 * the output received) and it arrived before the intent expired. Accepting signs the acknowledgement;
 * the acknowledged transaction is on disk before the caller sees the output, and the caller hands it to
 * the provider (deliverAck).
 */
import type { MeshCodingRequestInput, MeshTaskRequestInput, MeshTaskResponse } from '../ble/protocol/mesh-schemas.js';
import type { Clock } from '../core/clock.js';
import type { Identity } from '../ledger/identity.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import { resultDigest, taskDigest } from '../ledger/task-digest.js';
import { TxRejectedError } from '../ledger/tx-protocol.js';
import type { LedgerTransaction } from '../ledger/tx-types.js';
import { intentTerms } from './intent-terms.js';
import type { CeilingPolicy } from './intent-terms.js';
import type { CodingOutcome } from './paid-task-provider.js';

export interface ProviderIdentity {
  agentId: string;
  publicKey: string;
}

export interface PaidTask {
  prompt: string;
  maxTokens: number;
  language?: string;
  /** Ask for a coding task (the provider writes, runs and fixes code); its language is the task's language. */
  coding?: MeshCodingRequestInput;
}

export interface PaidTaskResult {
  output: string;
  durationMs: number;
  tx: LedgerTransaction;
  /** A coding task's run on the provider: the code, its exit code, iterations and why it gave up. */
  coding?: CodingOutcome;
}

/** The one transport call needed (BleCentralService.sendTask bound to a peer). */
export type SendTask = (request: MeshTaskRequestInput, opts: { signal?: AbortSignal; timeoutMs?: number }) => Promise<MeshTaskResponse>;

export class PaidTaskFailedError extends Error {
  override readonly name = 'PaidTaskFailedError';
  constructor(readonly providerId: string, detail: string) {
    super(`task on ${providerId} failed: ${detail}`);
  }
}

export interface PaidRequesterDeps {
  ledger: Pick<LedgerService, 'createIntent' | 'accept'> & Partial<Pick<LedgerService, 'noteAbandoned'>> & { identity: Pick<Identity, 'agentId' | 'publicKeyHex'> };
  clock: Clock;
  newId: () => string;
  /** The credit ceiling signed into each intent (default: intent-terms.ts). */
  ceiling?: CeilingPolicy;
}

/** Used when the caller gives no deadline: the intent still expires. */
export const DEFAULT_PAID_TASK_TIMEOUT_MS = 60_000;

export async function requestPaidTask(
  deps: PaidRequesterDeps,
  provider: ProviderIdentity,
  task: PaidTask,
  send: SendTask,
  opts: { signal?: AbortSignal; timeoutMs?: number; expiresAt?: number } = {},
): Promise<PaidTaskResult> {
  const issuedAt = deps.clock.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PAID_TASK_TIMEOUT_MS;
  const terms = intentTerms(issuedAt, timeoutMs, deps.ceiling);
  // The caller's own deadline for this attempt, when it has one, is the expiry (never later).
  if (opts.expiresAt !== undefined) terms.expiresAt = Math.max(issuedAt, Math.min(terms.expiresAt, Math.floor(opts.expiresAt)));
  // A coding task's language is signed for like any task's (taskHash covers prompt, language, maxTokens).
  const language = task.coding?.language ?? task.language;
  const sent = deps.ledger.createIntent(provider.agentId, taskDigest({ prompt: task.prompt, maxTokens: task.maxTokens, language }), issuedAt, terms);
  try {
    const response = await send(
      {
        id: deps.newId(),
        prompt: task.prompt,
        maxTokens: task.maxTokens,
        ...(language ? { language } : {}),
        ...(task.coding ? { coding: task.coding } : {}),
        intent: { ...sent },
        requester: { agentId: deps.ledger.identity.agentId, publicKey: deps.ledger.identity.publicKeyHex },
      },
      { ...(opts.signal ? { signal: opts.signal } : {}), timeoutMs },
    );
    if (!response.ok) throw new PaidTaskFailedError(provider.agentId, response.error ?? 'no reason given');
    if (!response.receipt) throw new PaidTaskFailedError(provider.agentId, 'answered without a receipt: result not used');
    // Too late: this attempt's deadline passed, the caller may be trying another device. Not acknowledged.
    if (sent.expiresAt !== undefined && deps.clock.now() > sent.expiresAt) throw new PaidTaskFailedError(provider.agentId, 'the answer arrived after the intent expired: not acknowledged, not paid');
    if (response.receipt.resultHash !== resultDigest(response.output)) {
      throw new TxRejectedError('intent_changed', `${sent.txId}: the receipt's resultHash does not match the output received`);
    }
    // The receipt carries what the provider added; intent fields it echoes anyway must match what we signed.
    const tx = deps.ledger.accept(sent, { ...sent, ...response.receipt }, provider.publicKey);
    return { output: response.output, durationMs: response.durationMs, tx, ...(task.coding ? { coding: codingOutcome(response) } : {}) };
  } catch (err) {
    // Remembered, so a charge the coordinator settles anyway can be explained (settled-readback.ts).
    deps.ledger.noteAbandoned?.(sent, err, deps.clock.now());
    throw err;
  }
}

function codingOutcome(r: MeshTaskResponse): CodingOutcome {
  return {
    generatedCode: r.generatedCode ?? '', exitCode: r.exitCode ?? null, iterations: r.iterations ?? 0,
    ...(r.reason ? { reason: r.reason } : {}), ...(r.runError !== undefined ? { runError: r.runError } : {}),
  };
}
