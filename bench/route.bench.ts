/**
 * The router's whole overhead on a real request: a streamed completion from the official openai
 * client (a process of its own, as an IDE is) through the local API and the app's request router
 * (route board, ranking, the attempt loop, this computer's executor) to llama.cpp, against the same
 * engine called directly (engine.run with onToken), rounds interleaved in the same run. Measured: time
 * to the first token (short requests, many rounds) and the whole request (long ones). Goals, over
 * paired rounds against the direct baseline: first token ≤ 5 ms over direct (as api), whole request ≤ 1.03×.
 * For context, the same client against a bare node:http endpoint over the same engine (no fastify, no
 * router): what loopback HTTP and the client cost whatever the server, so the report can say how much
 * of the first-token overhead is the local API's and the router's own. The api section measures the
 * API's decode rate and a fixed first-token overhead; this one the request as a person waits for it.
 */
import { systemClock } from '../src/main/core/clock.js';
import { silentLogger } from '../src/main/core/logger.js';
import { createLocalApiServer } from '../src/main/local-api/api-server.js';
import { localRouter } from '../test/support/local-router.js';
import { startBareSseServer } from './support/bare-sse-server.js';
import { PROMPT, THREADS, checked, directRun, inTurn, median, round, startBenchEngine, totalMs } from './support/engine-baseline.js';
import { startStreamClient, type StreamedRun } from './support/stream-client-process.js';

/** Whole-request rounds: a completion of the length an IDE asks for. */
const TOKENS = 128;
const ROUNDS = Number(process.env.BENCH_ROUTE_ROUNDS ?? 8);
/** First-token rounds: short requests, many of them. */
const TTFT_TOKENS = 8;
const TTFT_ROUNDS = 3 * ROUNDS;
const KEY = 'ec-route-bench';
/**
 * First token: at most 5 ms over the direct call, the api section's goal. A ratio would judge the model
 * (on this tiny model the first token takes 13 ms, of which loopback HTTP and the client alone take 3-4).
 */
const GOAL_TTFT_OVER_MS = 5;
const GOAL_TOTAL_RATIO = 1.03;

export default async function run(): Promise<Record<string, unknown>> {
  const engine = await startBenchEngine();
  const server = createLocalApiServer({ runner: localRouter(engine), keyMatches: (k) => k === KEY, clock: systemClock, logger: silentLogger });
  const port = await server.listen(0);
  const floorServer = await startBareSseServer(engine);
  const routed = startStreamClient(`http://127.0.0.1:${port}/v1`, KEY, PROMPT);
  const floor = startStreamClient(floorServer.url, KEY, PROMPT);
  const direct = directRun(engine);
  const viaRouter = async (maxTokens: number): Promise<StreamedRun> => checked(await routed.complete(maxTokens), maxTokens, 'router');

  try {
    // Warm every path once (connections, JIT, the router's first ranking).
    await direct(TTFT_TOKENS);
    await viaRouter(TTFT_TOKENS);
    await floor.complete(TTFT_TOKENS);
    const whole = { direct: [] as StreamedRun[], router: [] as StreamedRun[] };
    for (let i = 0; i < ROUNDS; i++) {
      await inTurn(i, [async () => whole.direct.push(await direct(TOKENS)), async () => whole.router.push(await viaRouter(TOKENS))]);
    }
    const first = { direct: [] as number[], router: [] as number[], floor: [] as number[] };
    for (let i = 0; i < TTFT_ROUNDS; i++) {
      await inTurn(i, [
        async () => first.direct.push((await direct(TTFT_TOKENS)).ttftMs),
        async () => first.router.push((await viaRouter(TTFT_TOKENS)).ttftMs),
        async () => first.floor.push(checked(await floor.complete(TTFT_TOKENS), TTFT_TOKENS, 'floor').ttftMs),
      ]);
    }
    const ttftRatio = median(first.router.map((x, i) => x / (first.direct[i] as number)));
    const totalRatio = median(whole.router.map((r, i) => totalMs(r) / totalMs(whole.direct[i] as StreamedRun)));
    const ttftOverMs = median(first.router.map((x, i) => x - (first.direct[i] as number)));
    const floorOverMs = median(first.floor.map((x, i) => x - (first.direct[i] as number)));
    return {
      model: { file: 'alphabet-large.gguf', threads: THREADS, wholeRounds: ROUNDS, tokensPerWholeRound: TOKENS, ttftRounds: TTFT_ROUNDS, tokensPerTtftRound: TTFT_TOKENS },
      medianTtftMs: { direct: round(median(first.direct)), throughRouter: round(median(first.router)), bareHttpFloor: round(median(first.floor)) },
      medianTotalMs: { direct: round(median(whole.direct.map(totalMs))), throughRouter: round(median(whole.router.map(totalMs))) },
      ttft: {
        ratio: round(ttftRatio, 3),
        overMs: round(ttftOverMs),
        goal: `<= ${GOAL_TTFT_OVER_MS} ms over direct engine.run (median of paired rounds)`,
        met: ttftOverMs <= GOAL_TTFT_OVER_MS,
        // Loopback HTTP and the client alone; the rest is the local API's and the router's own.
        floorOverMs: round(floorOverMs),
        apiAndRouterOwnMs: round(ttftOverMs - floorOverMs),
      },
      total: { ratio: round(totalRatio, 3), goal: `<= ${GOAL_TOTAL_RATIO}x direct engine.run (median of paired rounds)`, met: totalRatio <= GOAL_TOTAL_RATIO },
      met: ttftOverMs <= GOAL_TTFT_OVER_MS && totalRatio <= GOAL_TOTAL_RATIO,
    };
  } finally {
    await Promise.all([routed.stop(), floor.stop()]);
    await floorServer.close();
    await server.close();
    await engine.stop();
  }
}
