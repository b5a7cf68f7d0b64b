import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { TaskResult } from '../../src/main/inference/engine-types.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { engineRunner, startApi } from './local-runner.js';
import type { RunningApi } from './local-runner.js';

let models: Awaited<ReturnType<typeof testModels>>;
let engine: InferenceEngine;
let api: RunningApi;
let client: OpenAI;

beforeAll(async () => {
  models = await testModels();
  engine = testEngine({ modelPath: models.tiny });
  await engine.start();
  api = await startApi(engineRunner(engine));
  client = new OpenAI({ baseURL: api.baseUrl, apiKey: api.key, maxRetries: 0, timeout: 60_000 });
});
afterAll(async () => {
  await api?.close();
  await engine?.stop();
});

const idle = (): Promise<void> =>
  new Promise((resolve) => {
    if (engine.loadSnapshot().busy === 0) return resolve();
    const onLoad = (l: { busy: number }): void => {
      if (l.busy > 0) return;
      engine.off('load', onLoad);
      resolve();
    };
    engine.on('load', onLoad);
  });

describe('the local API through the official openai client (real llama.cpp, tiny model)', () => {
  it('lists auto and the loaded model, each with who serves it', async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(['auto', 'alphabet-tiny']);
    expect((list.data[1] as unknown as { served_by: string[] }).served_by).toEqual(['this computer']);
  });

  it('answers a chat in one piece with the exact output, usage and the served-by headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi!' }], max_tokens: 100 })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toBe(ALPHABET_OUTPUT);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.completion_tokens).toBe(26);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(3);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + 26);
    expect(response.headers.get('x-edgecoder-served-by')).toBe('this computer');
    expect(response.headers.get('x-edgecoder-route')).toMatch(/^kind=this-computer; total=[\d.]+; model=[\d.]+; load=[\d.]+; battery=0; signal=0$/);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts text content parts, a named model and ignored sampling fields; max_tokens stops with finish_reason length', async () => {
    const r = await client.chat.completions.create({
      model: 'alphabet-tiny',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Go' }, { type: 'text', text: '!' }] }],
      max_tokens: 5,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['\n'],
    });
    expect(r.choices[0]?.message.content).toBe('abcde');
    expect(r.choices[0]?.finish_reason).toBe('length');
  });

  it('streams the same text as chat.completion.chunk deltas, then a usage chunk, with the headers', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Hi!' }], max_tokens: 100, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-edgecoder-served-by')).toBe('this computer');
    expect(response.headers.get('x-edgecoder-route')).toMatch(/^kind=this-computer;/);
    let text = '';
    let textChunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    const finishes: string[] = [];
    for await (const c of stream) {
      expect(c.object).toBe('chat.completion.chunk');
      const choice = c.choices[0];
      if (choice?.delta.content) {
        text += choice.delta.content;
        textChunks++;
      }
      if (choice?.finish_reason) finishes.push(choice.finish_reason);
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe(ALPHABET_OUTPUT);
    expect(textChunks).toBeGreaterThan(1);
    expect(finishes).toEqual(['stop']);
    expect(usage?.completion_tokens).toBe(26);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('sends no usage chunk without include_usage', async () => {
    const stream = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi!' }], max_tokens: 100, stream: true });
    const usages: unknown[] = [];
    for await (const c of stream) if (c.usage) usages.push(c.usage);
    expect(usages).toEqual([]);
  });

  it('completes text, in one piece and streamed', async () => {
    const one = await client.completions.create({ model: 'auto', prompt: 'uvw', max_tokens: 50 });
    expect(one.object).toBe('text_completion');
    expect(one.choices[0]?.text).toBe('xyz');
    expect(one.usage).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
    const stream = await client.completions.create({ model: 'alphabet-tiny', prompt: 'Recite:', max_tokens: 50, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.text ?? '';
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe(ALPHABET_OUTPUT);
    expect(usage).toEqual({ prompt_tokens: 8, completion_tokens: 26, total_tokens: 34 });
  });

  it('a client that aborts mid-stream stops the generation: the engine is idle again and the host free for the next request', async () => {
    await engine.loadModel(models.looping);
    // Observe what the host reports for the run (the real engine, only watched).
    const runs: Array<Promise<TaskResult>> = [];
    const run = engine.run.bind(engine);
    engine.run = (input, options) => {
      const r = run(input, options);
      runs.push(r);
      return r;
    };
    try {
      const ac = new AbortController();
      const stream = await client.chat.completions.create(
        { model: 'auto', messages: [{ role: 'user', content: 'Go!' }], max_tokens: 2000, stream: true },
        { signal: ac.signal },
      );
      let received = '';
      const reading = (async () => {
        for await (const c of stream) {
          received += c.choices[0]?.delta.content ?? '';
          if (received.length >= 40) ac.abort();
        }
      })();
      // The openai client ends the iteration quietly when its own signal aborts.
      await reading.catch((err: unknown) => expect(String(err)).toMatch(/abort/i));
      expect(ac.signal.aborted).toBe(true);
      expect(received.length).toBeGreaterThanOrEqual(40);
      await idle();
      expect(engine.loadSnapshot()).toMatchObject({ busy: 0, queued: 0 });
      // The host stopped when the client went away: it says so, well short of the 2000 tokens asked for.
      expect(runs).toHaveLength(1);
      const result = await runs[0];
      expect(result?.aborted).toBe(true);
      expect(result?.tokens).toBeLessThan(2000);
      // The host has one context sequence: had it kept generating, this request could not run.
      const next = await client.completions.create({ model: 'auto', prompt: 'uvw', max_tokens: 3 });
      expect(next.choices[0]?.text).toBe('xyz');
    } finally {
      engine.run = run;
      await engine.loadModel(models.tiny);
    }
  });
});
