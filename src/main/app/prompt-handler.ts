/**
 * The dashboard's prompt box: one request through the request router, exactly as the local API sends
 * it (source 'dashboard', so the Routing panel can tell them apart), bounded by its own deadline. A
 * request no device could answer is refused with the router's own words, not reported as a fault.
 * It stops (the router aborts the attempt in flight, paid or not) when the page cancels it by its
 * promptId or when the caller is gone: the transport's signal (WebSocket closed, window destroyed).
 * "Run as a coding task" (args.coding) routes the same way to a device with a sandbox; the result then
 * carries the run (code, exit code, iterations) and `output` is what the code printed.
 */
import type { SendPromptResult } from '../../shared/send-prompt.js';
import type { Clock } from '../core/clock.js';
import { OperationRefusedError } from '../ipc/dispatcher.js';
import type { CallContext, ContractHandlers } from '../ipc/dispatcher.js';
import { RouteError } from '../routing/route-errors.js';
import type { CompletionRunner } from '../routing/route-types.js';

/** All attempts of one prompt together; the WebSocket bridge waits a little longer (75 s). */
export const PROMPT_TIMEOUT_MS = 60_000;

/** The router's refusals and its checks of bad input are said to the user as they are. */
export function isRouteRefusal(err: unknown): err is Error {
  return err instanceof RouteError || err instanceof RangeError || err instanceof TypeError;
}

export function createPromptHandler(deps: {
  router: Pick<CompletionRunner, 'run'>;
  clock: Clock;
  timeoutMs?: number;
}): Pick<ContractHandlers, 'sendPrompt' | 'cancelPrompt'> {
  const timeoutMs = deps.timeoutMs ?? PROMPT_TIMEOUT_MS;
  /** Prompts running now that the page may cancel, by the promptId it chose. */
  const running = new Map<string, AbortController>();
  return {
    cancelPrompt: async ({ promptId }) => {
      const prompt = running.get(promptId);
      prompt?.abort(new Error('cancelled from the dashboard'));
      return { cancelled: prompt !== undefined };
    },
    sendPrompt: async ({ prompt, model, maxTokens, promptId, coding }, ctx: CallContext = {}): Promise<SendPromptResult> => {
      const startedAt = deps.clock.now();
      const own = new AbortController();
      if (promptId !== undefined) {
        if (running.has(promptId)) throw new OperationRefusedError(`A prompt with id ${promptId} is already running.`);
        running.set(promptId, own);
      }
      const signal = ctx.signal ? AbortSignal.any([own.signal, ctx.signal]) : own.signal;
      try {
        const out = await deps.router.run({ input: { prompt }, model: model ?? 'auto', maxTokens: maxTokens ?? 256, source: 'dashboard', timeoutMs, signal,
          ...(coding ? { coding: { language: coding.language, kind: coding.kind ?? 'micro_loop' } } : {}) });
        return {
          requestId: out.requestId,
          output: out.output,
          servedBy: out.servedBy,
          terms: out.terms,
          attempts: out.attempts,
          latencyMs: Math.max(0, deps.clock.now() - startedAt),
          completionTokens: out.completionTokens,
          credits: out.credits,
          ...(out.coding ? { coding: out.coding } : {}),
        };
      } catch (err) {
        if (isRouteRefusal(err)) throw new OperationRefusedError(err.message);
        throw err;
      } finally {
        if (promptId !== undefined && running.get(promptId) === own) running.delete(promptId);
      }
    },
  };
}
