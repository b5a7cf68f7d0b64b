/**
 * The local API's overhead: a streamed completion through the API (the official openai client in a
 * process of its own, as an IDE is → HTTP → fastify → CompletionRunner → engine) against a direct
 * engine.run with onToken, same engine, model and threads, rounds interleaved. Goals: decode ≥ 0.97×
 * direct; time-to-first-token overhead ≤ 5 ms. For context, the same client against the least a
 * streaming endpoint can be (bare-sse-server.ts): what loopback HTTP and the client cost here whatever
 * the server, so the report can say how much of the overhead is the local API's own.
 */
import { systemClock } from '../src/main/core/clock.js';
import { silentLogger } from '../src/main/core/logger.js';
import { childProcessTransport } from '../src/main/inference/child-process-transport.js';
import { ensureTestModels } from '../src/main/inference/gguf/test-models.js';
import { InferenceEngine } from '../src/main/inference/inference-engine.js';
import { createLocalApiServer } from '../src/main/local-api/api-server.js';
import { localRouter } from '../test/support/local-router.js';
import { startBareSseServer } from './support/bare-sse-server.js';
import { startStreamClient, type StreamedRun } from './support/stream-client-process.js';

const THREADS = Number(process.env.BENCH_THREADS ?? 1);
/** Decode rounds: long enough for a steady rate. */
const TOKENS = 192;
const ROUNDS = 6;
/** Time-to-first-token rounds: short runs, many of them (a difference of a few ms on a noisy machine). */
const TTFT_TOKENS = 8;
const TTFT_ROUNDS = 24;
const PROMPT = 'Count:';
const KEY = 'ec-local-bench';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const decodeTps = (r: StreamedRun): number => (r.tokens - 1) / (r.decodeMs / 1000);

export default async function run(): Promise<Record<string, unknown>> {
  const models = await ensureTestModels(['large']);
  const engine = new InferenceEngine({ transport: childProcessTransport(), threads: THREADS, modelPath: models.large });
  await engine.start();
  const state = engine.modelState;
  if (state.state !== 'ready') throw new Error(`model did not load: ${JSON.stringify(state)}`);
  const server = createLocalApiServer({ runner: localRouter(engine), keyMatches: (k) => k === KEY, clock: systemClock, logger: silentLogger });
  const port = await server.listen(0);
  const floorServer = await startBareSseServer(engine);
  const api = startStreamClient(`http://127.0.0.1:${port}/v1`, KEY, PROMPT);
  const floor = startStreamClient(floorServer.url, KEY, PROMPT);

  const direct = async (maxTokens: number): Promise<StreamedRun> => {
    let first: number | null = null;
    const started = performance.now();
    const r = await engine.run({ prompt: PROMPT }, { maxTokens, onToken: () => void (first ??= performance.now()) });
    const end = performance.now();
    if (first === null) throw new Error('direct run generated nothing');
    return { ttftMs: first - started, decodeMs: end - first, tokens: r.tokens };
  };
  const checked = (r: StreamedRun, want: number, who: string): StreamedRun => {
    if (r.tokens !== want) throw new Error(`${who} generated ${r.tokens} tokens, not ${want}`);
    return r;
  };

  try {
    // Warm every path once (connections, JIT).
    await direct(TTFT_TOKENS);
    await api.complete(TTFT_TOKENS);
    await floor.complete(TTFT_TOKENS);
    const d: StreamedRun[] = [];
    const a: StreamedRun[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which side goes first, so a slow stretch of the shared machine hits both alike.
      const order = i % 2 ? [async () => a.push(checked(await api.complete(TOKENS), TOKENS, 'API')), async () => d.push(await direct(TOKENS))]
        : [async () => d.push(await direct(TOKENS)), async () => a.push(checked(await api.complete(TOKENS), TOKENS, 'API'))];
      for (const step of order) await step();
    }
    const ttft = { direct: [] as number[], api: [] as number[], floor: [] as number[] };
    for (let i = 0; i < TTFT_ROUNDS; i++) {
      const steps = [
        async () => ttft.direct.push((await direct(TTFT_TOKENS)).ttftMs),
        async () => ttft.api.push(checked(await api.complete(TTFT_TOKENS), TTFT_TOKENS, 'API').ttftMs),
        async () => ttft.floor.push(checked(await floor.complete(TTFT_TOKENS), TTFT_TOKENS, 'floor').ttftMs),
      ];
      for (let k = 0; k < steps.length; k++) await (steps[(i + k) % steps.length] as () => Promise<unknown>)();
    }
    const decodeRatio = median(a.map((s, i) => decodeTps(s) / decodeTps(d[i] as StreamedRun)));
    const overheadMs = median(ttft.api.map((x, i) => x - (ttft.direct[i] as number)));
    const floorMs = median(ttft.floor.map((x, i) => x - (ttft.direct[i] as number)));
    return {
      model: { file: 'alphabet-large.gguf', threads: THREADS, decodeRounds: ROUNDS, tokensPerDecodeRound: TOKENS, ttftRounds: TTFT_ROUNDS, tokensPerTtftRound: TTFT_TOKENS },
      medianDecodeTokensPerSec: { direct: round(median(d.map(decodeTps))), throughApi: round(median(a.map(decodeTps))) },
      medianTtftMs: { direct: round(median(ttft.direct)), throughApi: round(median(ttft.api)), bareHttpFloor: round(median(ttft.floor)) },
      decode: { ratio: round(decodeRatio, 3), goal: '>= 0.97x direct engine.run (median of paired rounds)', met: decodeRatio >= 0.97 },
      ttftOverhead: {
        ms: round(overheadMs),
        goal: '<= 5 ms over direct engine.run (median of paired rounds)',
        met: overheadMs <= 5,
        // The same client against a bare node:http endpoint: loopback HTTP and the client's own cost.
        floorMs: round(floorMs),
        localApiOwnMs: round(overheadMs - floorMs),
      },
    };
  } finally {
    await Promise.all([api.stop(), floor.stop()]);
    await floorServer.close();
    await server.close();
    await engine.stop();
  }
}
