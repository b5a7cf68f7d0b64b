import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { fitsContext } from '../../src/main/inference/host/prompt-preparation.js';
import { PromptTooLongError } from '../../src/main/inference/run-request.js';
import { testEngine, testModels } from './helpers.js';

let engine: InferenceEngine;

beforeAll(async () => {
  const models = await testModels();
  engine = testEngine({ modelPath: models.tiny });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});

describe('prompt tokens and the context (tiny model, context 2048)', () => {
  it('fitsContext: the prompt and maxTokens together, boundary included', () => {
    expect(fitsContext(2000, 48, 2048)).toBe(true);
    expect(fitsContext(2000, 49, 2048)).toBe(false);
  });

  it('reports the prompt tokens of a completion (one token a character, plus BOS)', async () => {
    const r = await engine.run({ prompt: 'Recite:' }, { maxTokens: 30 });
    expect(r.output).toBe(ALPHABET_OUTPUT);
    expect(r.promptTokens).toBe('Recite:'.length + 1);
  });

  it('reports the prompt tokens of a chat with its template applied (more than the bare text)', async () => {
    const r = await engine.run({ messages: [{ role: 'user', content: 'Hi!' }] }, { maxTokens: 30 });
    expect(r.output).toBe(ALPHABET_OUTPUT);
    expect(r.promptTokens).toBeGreaterThan('Hi!'.length);
  });

  it('refuses a prompt that with maxTokens does not fit, naming both sizes, and never runs it', async () => {
    const prompt = 'Q'.repeat(2000);
    const started: string[] = [];
    const onRequest = (e: { phase: string }): void => void started.push(e.phase);
    engine.on('request', onRequest);
    const err = await engine.run({ prompt }, { maxTokens: 100 }).catch((e: unknown) => e);
    engine.off('request', onRequest);
    expect(err).toBeInstanceOf(PromptTooLongError);
    expect(err).toMatchObject({ promptTokens: 2001, contextSize: 2048 });
    expect(started).not.toContain('started');
    // The same prompt with a small enough maxTokens runs whole (not truncated): the answer starts at 'a'.
    const ok = await engine.run({ prompt }, { maxTokens: 40 });
    expect(ok.promptTokens).toBe(2001);
    expect(ok.output).toBe(ALPHABET_OUTPUT);
  });

  it('refuses a chat longer than the context', async () => {
    const err = await engine.run({ messages: [{ role: 'user', content: 'Q'.repeat(3000) }] }, { maxTokens: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptTooLongError);
    expect((err as PromptTooLongError).promptTokens).toBeGreaterThan(3000);
  });
});
