/**
 * What the api and route benchmarks share: the engine they measure (llama.cpp in a child process on the
 * large alphabet model), the direct engine.run baseline timed as a streaming client times the API (time
 * to the first token, then to the end), and the medians and rounding of their reports.
 */
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { StreamedRun } from './stream-client-process.js';

export const THREADS = Number(process.env.BENCH_THREADS ?? 1);
export const PROMPT = 'Count:';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
export const decodeTps = (r: StreamedRun): number => (r.tokens - 1) / (r.decodeMs / 1000);
/** From the request to the last token. */
export const totalMs = (r: StreamedRun): number => r.ttftMs + r.decodeMs;

/** The engine both benchmarks measure, started and with its model ready. */
export async function startBenchEngine(): Promise<InferenceEngine> {
  const models = await ensureTestModels(['large']);
  const engine = new InferenceEngine({ transport: childProcessTransport(), threads: THREADS, modelPath: models.large });
  await engine.start();
  const state = engine.modelState;
  if (state.state !== 'ready') throw new Error(`model did not load: ${JSON.stringify(state)}`);
  return engine;
}

/** The baseline: engine.run with onToken, timed like a streaming client times the API. */
export function directRun(engine: InferenceEngine, prompt = PROMPT): (maxTokens: number) => Promise<StreamedRun> {
  return async (maxTokens) => {
    let first: number | null = null;
    const started = performance.now();
    const r = await engine.run({ prompt }, { maxTokens, onToken: () => void (first ??= performance.now()) });
    const end = performance.now();
    if (first === null) throw new Error('direct run generated nothing');
    return { ttftMs: first - started, decodeMs: end - first, tokens: r.tokens };
  };
}

/** A run that produced exactly the tokens asked for (else the comparison means nothing). */
export function checked(r: StreamedRun, want: number, who: string): StreamedRun {
  if (r.tokens !== want) throw new Error(`${who} generated ${r.tokens} tokens, not ${want}`);
  return r;
}

/** Runs the steps of one round in an order that turns each round, so a slow stretch of the shared machine hits every arm alike. */
export async function inTurn(round: number, steps: Array<() => Promise<unknown>>): Promise<void> {
  for (let k = 0; k < steps.length; k++) await (steps[(round + k) % steps.length] as () => Promise<unknown>)();
}
