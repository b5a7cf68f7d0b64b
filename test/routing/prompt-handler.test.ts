/**
 * The dashboard's prompt box through the contract: dispatch() checks the arguments and the result, the
 * handler runs the app's request router over real llama.cpp (this computer alone), and refusals reach
 * the dashboard as 'refused' with the router's words.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appEventPolicy, type AppEvent } from '../../src/main/events/app-events.js';
import { EventBus } from '../../src/main/events/event-bus.js';
import { createRequestGuard } from '../../src/main/core/loopback-guard.js';
import { attachWsBridge } from '../../src/main/ipc/ws-bridge.js';
import { createPromptHandler, PROMPT_TIMEOUT_MS } from '../../src/main/app/prompt-handler.js';
import { systemClock } from '../../src/main/core/clock.js';
import { silentLogger } from '../../src/main/core/logger.js';
import { dispatch, type ContractHandlers } from '../../src/main/ipc/dispatcher.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { RequestRouter } from '../../src/main/routing/request-router.js';
import { RouteBusyError } from '../../src/main/routing/route-errors.js';
import type { CompletionJob, CompletionRunner } from '../../src/main/routing/route-types.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { localRouter } from '../support/local-router.js';

let engine: InferenceEngine;
let router: RequestRouter;
/** The looping model never stops by itself: a prompt on it runs until it is cancelled (or maxTokens). */
let endless: InferenceEngine;
let endlessRouter: RequestRouter;

beforeAll(async () => {
  const models = await testModels();
  engine = testEngine({ modelPath: models.tiny });
  endless = testEngine({ modelPath: models.looping });
  await engine.start();
  await endless.start();
  router = localRouter(engine);
  endlessRouter = localRouter(endless);
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  await endless?.stop();
});

const handlersOver = (runner: Pick<CompletionRunner, 'run'>): ContractHandlers =>
  createPromptHandler({ router: runner, clock: systemClock }) as ContractHandlers;

describe('sendPrompt', () => {
  it('answers through the router on this computer, says who served it and why, and logs it as a dashboard request', async () => {
    const res = await dispatch(handlersOver(router), 'sendPrompt', { prompt: 'uvw' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value).toMatchObject({
      output: 'xyz', completionTokens: 3, credits: null,
      servedBy: { id: 'this-computer', kind: 'this-computer' },
      terms: { load: 0, battery: 0, signal: 0 },
      attempts: [{ deviceId: 'this-computer', outcome: 'served', error: null }],
    });
    const [latest] = router.recent();
    expect(latest).toMatchObject({ source: 'dashboard', ok: true, model: 'auto', completionTokens: 3, servedBy: { id: 'this-computer' } });
  }, 60_000);

  it('honours maxTokens', async () => {
    const res = await dispatch(handlersOver(router), 'sendPrompt', { prompt: '1', maxTokens: 4 });
    expect(res).toMatchObject({ ok: true, value: { output: 'abcd', completionTokens: 4 } });
  }, 60_000);

  it('is refused with the router\'s words when no device can answer', async () => {
    const idle = testEngine(); // never started: no model on this computer, no Bluetooth
    const res = await dispatch(handlersOver(localRouter(idle)), 'sendPrompt', { prompt: 'hello' });
    expect(res).toMatchObject({ ok: false, error: { code: 'refused' } });
    if (!res.ok) expect(res.error.message).toMatch(/model/i);
  });

  it('refuses a named model nobody serves, listing what is available', async () => {
    const res = await dispatch(handlersOver(router), 'sendPrompt', { prompt: 'hello', model: 'llama-70b' });
    expect(res).toMatchObject({ ok: false, error: { code: 'refused' } });
    if (!res.ok) expect(res.error.message).toContain('"llama-70b" is not served');
  });

  it('checks the prompt before routing: empty and over 20,000 characters are invalid arguments', async () => {
    const jobs: CompletionJob[] = [];
    const spy: Pick<CompletionRunner, 'run'> = { run: async (job) => { jobs.push(job); throw new RouteBusyError('busy'); } };
    for (const prompt of ['', 'x'.repeat(20_001)]) {
      const res = await dispatch(handlersOver(spy), 'sendPrompt', { prompt });
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    }
    expect(jobs).toEqual([]);
  });

  it('gives the router a dashboard job with the defaults and its own deadline; a fault that is not a refusal stays internal', async () => {
    const jobs: CompletionJob[] = [];
    const busy: Pick<CompletionRunner, 'run'> = { run: async (job) => { jobs.push(job); throw new RouteBusyError('This computer\'s queue is full.'); } };
    expect(await dispatch(handlersOver(busy), 'sendPrompt', { prompt: 'x'.repeat(20_000) })).toEqual({ ok: false, error: { code: 'refused', message: 'This computer\'s queue is full.' } });
    expect(jobs[0]).toMatchObject({ model: 'auto', maxTokens: 256, source: 'dashboard', timeoutMs: PROMPT_TIMEOUT_MS });
    const broken: Pick<CompletionRunner, 'run'> = { run: async () => { throw new Error('disk on fire'); } };
    expect(await dispatch(handlersOver(broken), 'sendPrompt', { prompt: 'hi' })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  /** Resolves when the engine starts running the next request. */
  const engineStarts = (): Promise<void> => new Promise((resolve) => {
    const onLoad = (l: { busy: number }): void => {
      if (l.busy === 0) return;
      endless.off('load', onLoad);
      resolve();
    };
    endless.on('load', onLoad);
  });

  const engineIdle = (): Promise<void> => new Promise((resolve) => {
    const onLoad = (l: { busy: number; queued: number }): void => {
      if (l.busy + l.queued > 0) return;
      endless.off('load', onLoad);
      resolve();
    };
    endless.on('load', onLoad);
    onLoad(endless.loadSnapshot());
  });

  it('cancelPrompt stops a running prompt by its promptId: refused as cancelled, the attempt aborted, the engine idle', async () => {
    const handlers = handlersOver(endlessRouter);
    const started = engineStarts();
    const sent = dispatch(handlers, 'sendPrompt', { prompt: 'Recite:', maxTokens: 2000, promptId: 'p-1' });
    await started;
    expect(await dispatch(handlers, 'cancelPrompt', { promptId: 'p-1' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await sent).toEqual({ ok: false, error: { code: 'refused', message: 'The request was cancelled by the caller.' } });
    expect(endlessRouter.recent()[0]?.attempts.map((a) => a.outcome)).toEqual(['aborted']);
    await engineIdle();
    // Finished prompts are forgotten: cancelling again finds nothing.
    expect(await dispatch(handlers, 'cancelPrompt', { promptId: 'p-1' })).toEqual({ ok: true, value: { cancelled: false } });
  }, 60_000);

  it('stops when the caller is gone (the transport aborts the call: page closed, socket dropped)', async () => {
    await engineIdle();
    const gone = new AbortController();
    const started = engineStarts();
    const sent = dispatch(handlersOver(endlessRouter), 'sendPrompt', { prompt: 'Recite:', maxTokens: 2000 }, undefined, [], { signal: gone.signal });
    await started;
    gone.abort(new Error('the dashboard disconnected'));
    expect(await sent).toEqual({ ok: false, error: { code: 'refused', message: 'The request was cancelled by the caller.' } });
    expect(endlessRouter.recent()[0]?.attempts.map((a) => a.outcome)).toEqual(['aborted']);
  }, 60_000);

  it('a dashboard whose WebSocket closes mid-prompt stops it (real bridge, real client)', async () => {
    await engineIdle();
    const server = createServer();
    const token = 't'.repeat(32);
    let port = 0;
    const bridge = attachWsBridge({
      server, guard: createRequestGuard(() => token, () => port), handlers: handlersOver(endlessRouter),
      bus: new EventBus<AppEvent>({ capacity: 8, policy: appEventPolicy }), logger: silentLogger,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const started = engineStarts();
      const before = endlessRouter.recent().length;
      ws.send(JSON.stringify({ type: 'invoke', id: 1, op: 'sendPrompt', args: { prompt: 'Recite:', maxTokens: 2000 } }));
      await started;
      const routed = new Promise<void>((resolve) => {
        const off = endlessRouter.onRouted(() => {
          off();
          resolve();
        });
      });
      ws.terminate(); // the page closed
      await routed;
      expect(endlessRouter.recent().length).toBe(before + 1);
      expect(endlessRouter.recent()[0]).toMatchObject({ ok: false, source: 'dashboard' });
      expect(endlessRouter.recent()[0]?.attempts.map((a) => [a.outcome, a.error])).toEqual([['aborted', 'cancelled by the caller']]);
    } finally {
      await bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
