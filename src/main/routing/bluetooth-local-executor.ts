/**
 * Runs a routed request on an iPhone in Bluetooth Local mode over its JSON profile. Unrewarded: no
 * intent, no receipt, no transaction. The answer arrives whole; ok: false (busy, failed) is a failed attempt.
 */
import type { BleCentralService } from '../ble/central/central-service.js';
import { releaseUnlessKept } from './peer-link-release.js';
import { fromCentralError, wholeAnswer } from './nearby-answer.js';
import { promptOf } from './prompt-text.js';
import { DeviceFailedError } from './route-executor.js';
import type { RouteExecutor } from './route-executor.js';

export interface BluetoothLocalExecutorDeps {
  central: Pick<BleCentralService, 'sendLocalTask' | 'peers' | 'release'>;
}

export function bluetoothLocalExecutor(deps: BluetoothLocalExecutorDeps): RouteExecutor {
  return async (candidate, job, signal, timeoutMs) => {
    // The router never picks an iPhone for a coding request (coding-route.ts); this guards the port itself.
    if (job.coding) throw new DeviceFailedError(candidate.name, 'it cannot run code');
    const done = releaseUnlessKept(deps.central, candidate.id);
    try {
      const res = await deps.central.sendLocalTask(candidate.id, { prompt: promptOf(job.input), maxTokens: job.maxTokens }, { signal, timeoutMs });
      if (!res.ok) throw new DeviceFailedError(candidate.name, res.output ? `it answered "${res.output.slice(0, 200)}"` : 'it gave no reason');
      job.onToken?.(res.output);
      return wholeAnswer(job, res.output, null);
    } catch (err) {
      throw fromCentralError(err);
    } finally {
      done();
    }
  };
}
