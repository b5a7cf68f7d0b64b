/**
 * The request router with this computer alone (Bluetooth off): real llama.cpp in the engine, the
 * candidate built by selfCandidate from the engine's state, exactly as the app does.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/main/core/clock.js';
import type { Clock } from '../../src/main/core/clock.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { LoadSnapshot } from '../../src/main/inference/engine-types.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import { selfCandidate } from '../../src/main/routing/route-candidates.js';
import { NoDeviceError, RouteAbortedError, RouteBusyError } from '../../src/main/routing/route-errors.js';
import { RequestRouter } from '../../src/main/routing/request-router.js';
import { rankCandidates } from '../../src/main/routing/router.js';
import type { CompletionJob } from '../../src/main/routing/route-types.js';
import { thisComputerExecutor } from '../../src/main/routing/this-computer-executor.js';
import { testEngine, testModels } from '../inference/helpers.js';

let engine: InferenceEngine;
const unloaded = testEngine(); // never started: no model

beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
}, 120_000);
afterAll(async () => {
  await engine?.stop();
});

function routerOn(e: InferenceEngine, o: { clock?: Clock; searching?: boolean } = {}): RequestRouter {
  const clock = o.clock ?? systemClock;
  const self = () => {
    const m = e.modelState;
    const { busy, queued } = e.loadSnapshot();
    return selfCandidate({ readyModel: m.state === 'ready' ? { name: m.info.name, paramSize: m.info.paramSize } : null, running: busy, queued, deviceType: 'laptop', now: clock.now() });
  };
  return new RequestRouter({
    rank: (model) => rankCandidates([self()], { now: clock.now(), model }),
    executors: { 'this-computer': thisComputerExecutor(e) },
    bluetoothSearching: () => o.searching ?? false,
    onCandidatesChanged: () => () => undefined,
    clock, newId: randomUUID,
  });
}
const job = (over: Partial<CompletionJob> = {}): CompletionJob => ({ input: { prompt: 'uvw' }, maxTokens: 20, model: 'auto', source: 'dashboard', ...over });

describe('request router with this computer only (real llama.cpp)', () => {
  it('answers with this computer\'s model, streaming, unpaid', async () => {
    const tokens: string[] = [];
    const out = await routerOn(engine).run(job({ input: { messages: [{ role: 'user', content: 'Recite' }] }, maxTokens: 100, onToken: (t) => tokens.push(t) }));
    expect(out).toMatchObject({ output: ALPHABET_OUTPUT, completionTokens: 26, finishReason: 'stop', credits: null, servedBy: { id: 'this-computer', name: 'this computer', kind: 'this-computer' } });
    expect(tokens.join('')).toBe(ALPHABET_OUTPUT);
    expect(tokens.length).toBeGreaterThan(1);
    expect(out.terms).toMatchObject({ load: 0, battery: 0, signal: 0 }); // no battery or signal term for this computer
    expect(out.terms.total).toBeCloseTo(56, 2); // (7 − 0.0001 B) × 8
    expect(out.promptTokens).toBeGreaterThan(0);
  }, 60_000);

  it('reports a length stop at maxTokens', async () => {
    const out = await routerOn(engine).run(job({ input: { prompt: '1' }, maxTokens: 5 }));
    expect(out).toMatchObject({ output: 'abcde', completionTokens: 5, finishReason: 'length' });
  }, 60_000);

  it('abort mid-run: RouteAbortedError, no failover, and the engine is idle again', async () => {
    const ac = new AbortController();
    const router = routerOn(engine);
    const idle = new Promise<LoadSnapshot>((resolve) => {
      let started = false;
      const onLoad = (l: LoadSnapshot): void => {
        if (l.busy > 0) started = true;
        else if (started) {
          engine.off('load', onLoad);
          resolve(l);
        }
      };
      engine.on('load', onLoad);
    });
    const err = await router.run(job({ input: { prompt: 'Recite:' }, maxTokens: 100, signal: ac.signal, onToken: () => ac.abort() })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouteAbortedError);
    expect((await idle).busy).toBe(0);
    expect(engine.loadSnapshot()).toMatchObject({ busy: 0, queued: 0 });
    expect(router.recent()[0]?.attempts.map((a) => a.outcome)).toEqual(['aborted']);
  }, 60_000);

  it('an already-aborted request never reaches the engine', async () => {
    const ac = new AbortController();
    ac.abort();
    let requests = 0;
    const count = (): void => void requests++;
    engine.on('request', count);
    await expect(routerOn(engine).run(job({ signal: ac.signal }))).rejects.toBeInstanceOf(RouteAbortedError);
    engine.off('request', count);
    expect(requests).toBe(0);
  });

  it('this computer\'s queue full and no other device: RouteBusyError (the local request is not queued)', async () => {
    const full = testEngine({ modelPath: (await testModels()).tiny, maxQueued: 0 });
    await full.start();
    try {
      const router = routerOn(full);
      let busyErr: unknown = null;
      let asked: Promise<void> | null = null;
      // Contributed work holds the only slot; the user's request arrives while it generates.
      const contributed = await full.run({ prompt: 'Recite:' }, {
        maxTokens: 100,
        onToken: () => {
          asked ??= router.run(job()).then(() => undefined, (e: unknown) => void (busyErr = e));
        },
      });
      await asked;
      expect(contributed.output).toBe(ALPHABET_OUTPUT);
      expect(busyErr).toBeInstanceOf(RouteBusyError);
      expect(router.recent()[0]?.attempts).toMatchObject([{ kind: 'this-computer', outcome: 'failed', error: expect.stringMatching(/queue is full/) }]);
    } finally {
      await full.stop();
    }
  }, 60_000);

  it('refuses bad input at once, before any device', async () => {
    await expect(routerOn(engine).run(job({ maxTokens: 0 }))).rejects.toThrow(/maxTokens must be a positive integer/);
    await expect(routerOn(engine).run(job({ timeoutMs: -1 }))).rejects.toThrow(/timeoutMs must be/);
  });

  it('no model and no Bluetooth: NoDeviceError at once, saying why', async () => {
    const err = await routerOn(unloaded).run(job()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoDeviceError);
    expect((err as Error).message).toBe('No device can answer: this computer has no model loaded and no nearby device is known.');
  });

  it('while Bluetooth searches, waits the wait time for a device before saying so', async () => {
    const clock = new ManualClock();
    let settled = false;
    const run = routerOn(unloaded, { clock, searching: true }).run(job()).catch((e: unknown) => e).finally(() => (settled = true));
    await clock.advance(4_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await run).toBeInstanceOf(NoDeviceError);
    expect(clock.pending).toBe(0);
  });
});
