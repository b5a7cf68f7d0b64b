/**
 * The local API's overhead: a streamed completion through the API (openai client → HTTP → fastify →
 * CompletionRunner → engine) against a direct engine.run with onToken, same engine, model and threads,
 * rounds interleaved. Goals: decode ≥ 0.97× direct; time-to-first-token overhead ≤ 5 ms.
 */
import OpenAI from 'openai';
import { systemClock } from '../src/main/core/clock.js';
import { silentLogger } from '../src/main/core/logger.js';
import { childProcessTransport } from '../src/main/inference/child-process-transport.js';
import { ensureTestModels } from '../src/main/inference/gguf/test-models.js';
import { InferenceEngine } from '../src/main/inference/inference-engine.js';
import { createLocalApiServer } from '../src/main/local-api/api-server.js';
import { localRouter } from '../test/support/local-router.js';

const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const TOKENS = 192;
const ROUNDS = 6;
const PROMPT = 'Count:';
const KEY = 'ec-local-bench';

interface Sample {
  ttftMs: number;
  decodeTps: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

function sample(started: number, first: number | null, end: number, tokens: number): Sample {
  if (first === null || tokens < 2) throw new Error('no tokens generated');
  return { ttftMs: first - started, decodeTps: (tokens - 1) / ((end - first) / 1000) };
}

export default async function run(): Promise<Record<string, unknown>> {
  const models = await ensureTestModels(['large']);
  const engine = new InferenceEngine({ transport: childProcessTransport(), threads: THREADS, modelPath: models.large });
  await engine.start();
  const state = engine.modelState;
  if (state.state !== 'ready') throw new Error(`model did not load: ${JSON.stringify(state)}`);
  const runner = localRouter(engine);
  const server = createLocalApiServer({ runner, keyMatches: (k) => k === KEY, clock: systemClock, logger: silentLogger });
  const port = await server.listen(0);
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: KEY, maxRetries: 0 });

  const direct = async (): Promise<Sample> => {
    let first: number | null = null;
    const started = performance.now();
    const r = await engine.run({ prompt: PROMPT }, { maxTokens: TOKENS, onToken: () => void (first ??= performance.now()) });
    const end = performance.now();
    if (r.tokens !== TOKENS) throw new Error(`direct generated ${r.tokens} tokens`);
    return sample(started, first, end, r.tokens);
  };
  const viaApi = async (): Promise<Sample> => {
    let first: number | null = null;
    let tokens = 0;
    const started = performance.now();
    const stream = await client.completions.create({ model: 'auto', prompt: PROMPT, max_tokens: TOKENS, stream: true, stream_options: { include_usage: true } });
    for await (const c of stream) {
      if (c.choices[0]?.text) first ??= performance.now();
      if (c.usage) tokens = c.usage.completion_tokens;
    }
    const end = performance.now();
    if (tokens !== TOKENS) throw new Error(`API generated ${tokens} tokens`);
    return sample(started, first, end, tokens);
  };

  try {
    await direct(); // warm both paths once (connection, JIT)
    await viaApi();
    const d: Sample[] = [];
    const a: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which side goes first, so a slow stretch of the shared machine hits both alike.
      if (i % 2) {
        a.push(await viaApi());
        d.push(await direct());
      } else {
        d.push(await direct());
        a.push(await viaApi());
      }
    }
    const decodeRatio = median(a.map((s, i) => s.decodeTps / (d[i] as Sample).decodeTps));
    const ttftOverheadMs = median(a.map((s, i) => s.ttftMs - (d[i] as Sample).ttftMs));
    const summary = (xs: Sample[]): Record<string, number> => ({
      medianDecodeTokensPerSec: round(median(xs.map((s) => s.decodeTps))),
      medianTtftMs: round(median(xs.map((s) => s.ttftMs))),
      bestTtftMs: round(Math.min(...xs.map((s) => s.ttftMs))),
    });
    return {
      model: { file: 'alphabet-large.gguf', threads: THREADS, tokensPerRun: TOKENS, rounds: ROUNDS },
      directEngine: summary(d),
      throughApi: summary(a),
      decode: { ratio: round(decodeRatio, 3), goal: '>= 0.97x direct engine.run (median of paired rounds)', met: decodeRatio >= 0.97 },
      ttftOverhead: { ms: round(ttftOverheadMs), goal: '<= 5 ms over direct engine.run (median of paired rounds)', met: ttftOverheadMs <= 5 },
    };
  } finally {
    await server.close();
    await engine.stop();
  }
}
