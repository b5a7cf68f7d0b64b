/**
 * A CompletionRunner over this computer's engine only: what the local API uses until the request
 * router (this computer plus nearby devices, with failover) replaces it at the composition root.
 * Engine failures become route errors, each in words the API passes on.
 */
import { NoModelError } from '../inference/inference-engine.js';
import type { InferenceEngine } from '../inference/inference-engine.js';
import { QueueFullError } from '../inference/request-slots.js';
import type { Clock } from '../core/clock.js';
import { TimeoutError } from '../core/deadline.js';
import { costTerms } from '../routing/route-cost.js';
import { ContextTooLongError, NoDeviceError, RouteAbortedError, RouteBusyError, RouteDeadlineError, UnknownModelError } from '../routing/route-errors.js';
import type { CompletionJob, CompletionOutcome, CompletionRunner, ModelOffer, TokenSource } from '../routing/route-types.js';

export const THIS_COMPUTER = 'this computer';
const DEFAULT_TIMEOUT_MS = 120_000;

export interface LocalEngineRunnerOptions {
  engine: InferenceEngine;
  /** The model this computer serves now (chosen and loaded), or null. */
  readyModel: () => { name: string; paramSize: number } | null;
  newId: () => string;
  clock: Clock;
}

export function localEngineRunner(opts: LocalEngineRunnerOptions): CompletionRunner {
  const { engine } = opts;
  const models = (): ModelOffer[] => {
    const ready = opts.readyModel();
    return [{ id: 'auto', servedBy: ready ? [THIS_COMPUTER] : [] }, ...(ready ? [{ id: ready.name, servedBy: [THIS_COMPUTER] }] : [])];
  };
  return {
    models,
    async run(job: CompletionJob): Promise<CompletionOutcome> {
      const ready = opts.readyModel();
      if (job.model !== 'auto' && job.model !== ready?.name) throw new UnknownModelError(job.model, models().map((m) => m.id));
      if (!ready) throw new NoDeviceError('No model is loaded on this computer: choose one in the Model panel.');
      if (job.signal?.aborted) throw new RouteAbortedError('The request was cancelled before it started.');
      const terms = costTerms({ paramSize: ready.paramSize, currentLoad: engine.currentLoad, deviceType: 'workstation', batteryPct: null, rssi: null, local: true });
      const source: TokenSource = { servedBy: { id: 'this-computer', name: THIS_COMPUTER, kind: 'this-computer' }, terms };
      const timeoutMs = job.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const started = opts.clock.now();
      try {
        const r = await engine.run(job.input, {
          maxTokens: job.maxTokens,
          timeoutMs,
          ...(job.signal ? { signal: job.signal } : {}),
          ...(job.onToken ? { onToken: (text: string) => job.onToken?.(text, source) } : {}),
        });
        if (r.aborted && job.signal?.aborted) throw new RouteAbortedError('The request was cancelled.');
        return {
          requestId: opts.newId(),
          output: r.output,
          completionTokens: r.tokens,
          promptTokens: r.promptTokens,
          finishReason: r.tokens >= job.maxTokens ? 'length' : 'stop',
          servedBy: source.servedBy,
          terms,
          attempts: [{ deviceId: 'this-computer', name: THIS_COMPUTER, kind: 'this-computer', outcome: 'served', error: null, ms: Math.max(0, opts.clock.now() - started) }],
          credits: null,
        };
      } catch (err) {
        throw routeError(err, timeoutMs, job.signal);
      }
    },
  };
}

/** What an engine failure means to a routed request. */
function routeError(err: unknown, timeoutMs: number, signal: AbortSignal | undefined): unknown {
  if (err instanceof RouteAbortedError || err instanceof ContextTooLongError) return err;
  if (signal?.aborted) return new RouteAbortedError('The request was cancelled.');
  if (err instanceof QueueFullError) return new RouteBusyError(`This computer's queue is full (${err.message}); try again shortly.`);
  if (err instanceof TimeoutError) return new RouteDeadlineError(timeoutMs);
  if (err instanceof NoModelError) return new NoDeviceError(`No model can answer on this computer: ${err.message}.`);
  return err;
}
