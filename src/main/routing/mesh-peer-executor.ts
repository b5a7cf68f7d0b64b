/**
 * Runs a routed request on a nearby EdgeCoder agent as a paid mesh task. Every attempt signs a fresh
 * intent (requestPaidTask) that expires with the attempt's deadline, and only an answer that arrived in
 * time is acknowledged and recorded, so a request retried on another device is charged once, by the
 * device that served it: a provider whose answer was lost holds an unacknowledged transaction the
 * coordinator does not settle. The acknowledgement is handed to the provider over the same link after
 * the answer is returned (ack-delivery.ts); the link is released when that is done. The answer arrives whole.
 */
import type { BleCentralService } from '../ble/central/central-service.js';
import { AbortedError } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { deliverAck } from '../mesh/ack-delivery.js';
import { TxRejectedError } from '../ledger/tx-protocol.js';
import { PaidTaskFailedError, requestPaidTask } from '../mesh/paid-task-requester.js';
import type { PaidRequesterDeps } from '../mesh/paid-task-requester.js';
import { meshCodingRun } from './coding-route.js';
import { releaseUnlessKept } from './peer-link-release.js';
import { fromCentralError, wholeAnswer } from './nearby-answer.js';
import { promptOf } from './prompt-text.js';
import { DeviceFailedError, ReceiptRefusedError } from './route-executor.js';
import type { RouteExecutor } from './route-executor.js';

export interface MeshPeerExecutorDeps {
  central: Pick<BleCentralService, 'sendTask' | 'sendLedgerBatch' | 'peers' | 'release'>;
  /** This computer's ledger (signs intents, records verified transactions), clock and request ids. */
  requester: PaidRequesterDeps;
  logger?: Logger;
}

export function meshPeerExecutor(deps: MeshPeerExecutorDeps): RouteExecutor {
  const log = deps.logger ?? silentLogger;
  return async (candidate, job, signal, timeoutMs, deadlineAt) => {
    const { agentId, publicKey } = candidate;
    if (!agentId || !publicKey) throw new DeviceFailedError(candidate.name, 'its identity and key are not known yet');
    const done = releaseUnlessKept(deps.central, candidate.id);
    let releaseLater = false;
    try {
      const settled = await requestPaidTask(
        deps.requester,
        { agentId, publicKey },
        { prompt: promptOf(job.input), maxTokens: job.maxTokens, ...(job.coding ? { coding: { language: job.coding.language, kind: job.coding.kind } } : {}) },
        async (request, opts) => {
          const response = await deps.central.sendTask(candidate.id, request, opts);
          // An answer that lands after the router gave up on this attempt must not be recorded (paid twice).
          if (signal.aborted) throw new AbortedError(`task on ${candidate.name}`, signal.reason);
          return response;
        },
        { signal, timeoutMs, expiresAt: deadlineAt },
      );
      // Not awaited: the answer goes back now; the link is released once the provider has the acknowledgement.
      releaseLater = true;
      void deliverAck((batch, o) => deps.central.sendLedgerBatch(candidate.id, batch, o), settled.tx)
        .catch((err: unknown) => log.log('warn', 'mesh.ack.undelivered', { device: candidate.name, txId: settled.tx.txId, error: err instanceof Error ? err.message : String(err) }))
        .finally(done);
      job.onToken?.(settled.output);
      const answer = wholeAnswer(job, settled.output, settled.tx.credits);
      if (!job.coding) return answer;
      if (!settled.coding) throw new DeviceFailedError(candidate.name, 'it answered a coding task without running code');
      return { ...answer, coding: meshCodingRun(job.coding.language, settled.coding, settled.tx.cpuSeconds) };
    } catch (err) {
      if (err instanceof TxRejectedError) throw new ReceiptRefusedError(candidate.name, err.message);
      if (err instanceof PaidTaskFailedError) throw new DeviceFailedError(candidate.name, err.message);
      throw fromCentralError(err);
    } finally {
      if (!releaseLater) done();
    }
  };
}
