import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { TimeoutError } from '../../src/main/core/deadline.js';
import type { RequestEvent } from '../../src/main/inference/engine-types.js';
import { testEngine, testModels } from './helpers.js';

let models: Awaited<ReturnType<typeof testModels>>;
let engine: InferenceEngine;

beforeAll(async () => {
  models = await testModels();
  engine = testEngine({ modelPath: models.tiny });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});

describe('inference engine on real llama.cpp (tiny alphabet model, 1 thread)', () => {
  it('reports the model metadata from the host', () => {
    const state = engine.modelState;
    expect(state.state).toBe('ready');
    if (state.state !== 'ready') return;
    expect(state.info).toMatchObject({ architecture: 'llama', name: 'alphabet-tiny', contextLength: 2048, contextSize: 2048, threads: 1 });
    expect(state.info.parameterCount).toBe(127_552);
    expect(state.info.paramSize).toBeLessThan(0.001);
  });

  it('completes a prompt with the exact expected text, streaming chunks in order', async () => {
    const chunks: string[] = [];
    const r = await engine.run({ prompt: 'Recite:' }, { maxTokens: 100, onToken: (t) => chunks.push(t) });
    expect(r.output).toBe(ALPHABET_OUTPUT);
    expect(chunks.join('')).toBe(r.output);
    expect(chunks.length).toBeGreaterThan(1);
    expect(r.tokens).toBe(26);
    expect(r.aborted).toBe(false);
    expect(r.model).toBe('alphabet-tiny');
    expect(r.cpuSeconds).toBeGreaterThan(0);
  });

  it('continues from the last letter of the prompt', async () => {
    expect((await engine.run({ prompt: 'uvw' }, { maxTokens: 100 })).output).toBe('xyz');
  });

  it('answers a chat', async () => {
    const r = await engine.run({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi!' }] }, { maxTokens: 100, language: 'ts' });
    expect(r.output).toBe(ALPHABET_OUTPUT);
  });

  it('stops at maxTokens', async () => {
    const r = await engine.run({ prompt: '1' }, { maxTokens: 5 });
    expect(r.output).toBe('abcde');
    expect(r.tokens).toBe(5);
  });

  it('rejects invalid input with a clear error, before the host sees it', async () => {
    await expect(engine.run({ messages: [] }, { maxTokens: 5 })).rejects.toThrow(/invalid inference input/);
    await expect(engine.run({ prompt: 'x' }, { maxTokens: 0 })).rejects.toThrow(/maxTokens/);
    await expect(engine.run({ prompt: 'x' }, { maxTokens: 10_000_000 })).rejects.toThrow(/maxTokens/);
  });

  it('queues at concurrency 1: the second request starts only after the first finished', async () => {
    const events: RequestEvent[] = [];
    const loads: number[] = [];
    const onReq = (e: RequestEvent): void => void events.push(e);
    const onLoad = (l: { currentLoad: number }): void => void loads.push(l.currentLoad);
    engine.on('request', onReq);
    engine.on('load', onLoad);
    const [a, b] = await Promise.all([engine.run({ prompt: '.' }, { maxTokens: 30 }), engine.run({ prompt: 'w' }, { maxTokens: 30 })]);
    engine.off('request', onReq);
    engine.off('load', onLoad);
    expect(a.output).toBe(ALPHABET_OUTPUT);
    expect(b.output).toBe('xyz');
    const ids = [...new Set(events.map((e) => e.id))];
    expect(ids).toHaveLength(2);
    const order = events.map((e) => `${ids.indexOf(e.id)}:${e.phase}`);
    expect(order.indexOf('1:started')).toBeGreaterThan(order.indexOf('0:finished'));
    expect(Math.max(...loads)).toBe(1);
    expect(loads.at(-1)).toBe(0);
    expect(engine.currentLoad).toBe(0);
  });
});

describe('cancellation and timeouts (looping model)', () => {
  beforeAll(async () => {
    await engine.loadModel(models.looping);
  });

  it('abort returns the partial text generated so far', async () => {
    const ac = new AbortController();
    let seen = '';
    const r = await engine.run({ prompt: '!' }, {
      maxTokens: 2000,
      signal: ac.signal,
      onToken: (t) => {
        seen += t;
        if (seen.length >= 60) ac.abort();
      },
    });
    expect(r.aborted).toBe(true);
    expect(r.output.length).toBeGreaterThanOrEqual(60);
    expect(r.output.startsWith(ALPHABET_OUTPUT + ALPHABET_OUTPUT)).toBe(true);
    expect(r.output.startsWith(seen)).toBe(true);
  });

  it('a queued request aborted before it starts rejects and never runs', async () => {
    const ac = new AbortController();
    const first = engine.run({ prompt: '!' }, { maxTokens: 200 });
    const second = engine.run({ prompt: '!' }, { maxTokens: 200, signal: ac.signal });
    ac.abort();
    await expect(second).rejects.toThrow(/aborted/);
    expect((await first).tokens).toBe(200);
  });

  it('the timeout also covers the wait for a slot', async () => {
    const ac = new AbortController();
    const long = engine.run({ prompt: '!' }, { maxTokens: 2000, signal: ac.signal });
    const waiting = engine.run({ prompt: '!' }, { maxTokens: 5, timeoutMs: 100 });
    await expect(waiting).rejects.toThrow(/waiting for a free slot/);
    ac.abort();
    expect((await long).aborted).toBe(true);
  });

  it('times out a request that runs too long', async () => {
    await expect(engine.run({ prompt: '!' }, { maxTokens: 2000, timeoutMs: 200 })).rejects.toBeInstanceOf(TimeoutError);
    // The engine is still usable afterwards.
    expect((await engine.run({ prompt: 'x' }, { maxTokens: 3 })).output).toBe('yza');
  });
});

describe('switching models while busy', () => {
  it('lets the running request finish on the old model; queued ones run on the new model', async () => {
    await engine.loadModel(models.looping);
    const running = engine.run({ prompt: '.' }, { maxTokens: 40 });
    const switching = engine.loadModel(models.tiny);
    const queued = engine.run({ prompt: '.' }, { maxTokens: 40 });
    expect((await running).output).toBe(ALPHABET_OUTPUT + 'abcdefghijklmn'); // looping model
    expect((await switching).name).toBe('alphabet-tiny');
    expect((await queued).output).toBe(ALPHABET_OUTPUT); // tiny model stops at z
  });
});
