import type { Logger } from '../../main/core/logger.js';
import { childProcessTransport } from '../../main/inference/child-process-transport.js';
import { InferenceEngine } from '../../main/inference/inference-engine.js';
import type { SimDeviceHandlers } from '../host/sim-bluetooth.js';

export interface DemoDeviceEngine {
  /** How every virtual device answers: this engine, whatever model size the device advertises. */
  handlers: SimDeviceHandlers;
  stop(): Promise<void>;
}

/**
 * One llama.cpp engine (its own process, one thread) shared by all the virtual devices of the demo, so
 * their answers are real model output without one process per device. Requests queue in the engine;
 * a device whose request fails answers `ok: false` with the reason, as a real agent would.
 */
export async function startDemoDeviceEngine(o: { modelPath: string; hostEntry?: string; logger: Logger }): Promise<DemoDeviceEngine> {
  const engine = new InferenceEngine({
    transport: childProcessTransport(o.hostEntry ? { entry: o.hostEntry } : {}),
    modelPath: o.modelPath,
    threads: 1,
    logger: o.logger.child('demo-devices'),
  });
  await engine.start();
  const why = (err: unknown): string => (err instanceof Error ? err.message : String(err));
  return {
    handlers: {
      meshTask: async (request, ctx) => {
        try {
          const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal, ...(request.language ? { language: request.language } : {}) });
          // Stopped half way (the requester went away): a partial answer is not an answer.
          return r.aborted ? { ok: false, error: 'aborted before the answer was complete' } : { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs };
        } catch (err) {
          return { ok: false, error: why(err) };
        }
      },
      iphone: async (request, ctx) => {
        try {
          const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal });
          return r.aborted ? { ok: false, output: 'aborted before the answer was complete' } : { ok: true, output: r.output };
        } catch (err) {
          return { ok: false, output: why(err) };
        }
      },
    },
    stop: () => engine.stop(),
  };
}
