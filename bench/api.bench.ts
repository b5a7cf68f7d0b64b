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
import { createLocalApiServer } from '../src/main/local-api/api-server.js';
import { localRouter } from '../test/support/local-router.js';
import { startBareSseServer } from './support/bare-sse-server.js';
import { PROMPT, THREADS, checked, decodeTps, directRun, inTurn, median, round, startBenchEngine } from './support/engine-baseline.js';
import { startStreamClient, type StreamedRun } from './support/stream-client-process.js';

/** Decode rounds: long enough for a steady rate. */
const TOKENS = 192;
const ROUNDS = 6;
/** Time-to-first-token rounds: short runs, many of them (a difference of a few ms on a noisy machine). */
const TTFT_TOKENS = 8;
const TTFT_ROUNDS = 24;
const KEY = 'ec-local-bench';

export default async function run(): Promise<Record<string, unknown>> {
  const engine = await startBenchEngine();
  const server = createLocalApiServer({ runner: localRouter(engine), keyMatches: (k) => k === KEY, clock: systemClock, logger: silentLogger });
  const port = await server.listen(0);
  const floorServer = await startBareSseServer(engine);
  const api = startStreamClient(`http://127.0.0.1:${port}/v1`, KEY, PROMPT);
  const floor = startStreamClient(floorServer.url, KEY, PROMPT);

  const direct = directRun(engine);

  try {
    // Warm every path once (connections, JIT).
    await direct(TTFT_TOKENS);
    await api.complete(TTFT_TOKENS);
    await floor.complete(TTFT_TOKENS);
    const d: StreamedRun[] = [];
    const a: StreamedRun[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await inTurn(i, [async () => d.push(await direct(TOKENS)), async () => a.push(checked(await api.complete(TOKENS), TOKENS, 'API'))]);
    }
    const ttft = { direct: [] as number[], api: [] as number[], floor: [] as number[] };
    for (let i = 0; i < TTFT_ROUNDS; i++) {
      await inTurn(i, [
        async () => ttft.direct.push((await direct(TTFT_TOKENS)).ttftMs),
        async () => ttft.api.push(checked(await api.complete(TTFT_TOKENS), TTFT_TOKENS, 'API').ttftMs),
        async () => ttft.floor.push(checked(await floor.complete(TTFT_TOKENS), TTFT_TOKENS, 'floor').ttftMs),
      ]);
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
