/**
 * Runs a routed request on a nearby EdgeCoder agent as a paid mesh task. Every attempt signs a fresh
 * intent (requestPaidTask), and a transaction is recorded only from a receipt that verifies, so a request
 * retried on another device is charged once, by the device that served it. The answer arrives whole.
 */
import type { BleCentralService } from '../ble/central/central-service.js';
import { AbortedError } from '../core/deadline.js';
import { TxRejectedError } from '../ledger/tx-protocol.js';
import { PaidTaskFailedError, requestPaidTask } from '../mesh/paid-task-requester.js';
import type { PaidRequesterDeps } from '../mesh/paid-task-requester.js';
import { releaseUnlessKept } from './peer-link-release.js';
import { fromCentralError, wholeAnswer } from './nearby-answer.js';
import { promptOf } from './prompt-text.js';
import { DeviceFailedError, ReceiptRefusedError } from './route-executor.js';
import type { RouteExecutor } from './route-executor.js';

export interface MeshPeerExecutorDeps {
  central: Pick<BleCentralService, 'sendTask' | 'peers' | 'release'>;
  /** This computer's ledger (signs intents, records verified transactions), clock and request ids. */
  requester: PaidRequesterDeps;
}

export function meshPeerExecutor(deps: MeshPeerExecutorDeps): RouteExecutor {
  return async (candidate, job, signal, timeoutMs) => {
    const { agentId, publicKey } = candidate;
    if (!agentId || !publicKey) throw new DeviceFailedError(candidate.name, 'its identity and key are not known yet');
    const done = releaseUnlessKept(deps.central, candidate.id);
    try {
      const settled = await requestPaidTask(
        deps.requester,
        { agentId, publicKey },
        { prompt: promptOf(job.input), maxTokens: job.maxTokens },
        async (request, opts) => {
          const response = await deps.central.sendTask(candidate.id, request, opts);
          // An answer that lands after the router gave up on this attempt must not be recorded (paid twice).
          if (signal.aborted) throw new AbortedError(`task on ${candidate.name}`, signal.reason);
          return response;
        },
        { signal, timeoutMs },
      );
      job.onToken?.(settled.output);
      return wholeAnswer(job, settled.output, settled.tx.credits);
    } catch (err) {
      if (err instanceof TxRejectedError) throw new ReceiptRefusedError(candidate.name, err.message);
      if (err instanceof PaidTaskFailedError) throw new DeviceFailedError(candidate.name, err.message);
      throw fromCentralError(err);
    } finally {
      done();
    }
  };
}
