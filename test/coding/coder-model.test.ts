/**
 * The coding loop end to end on real llama.cpp (the generated coder model) and the real sandbox: the
 * model writes the programs of coder-programs.ts, the sandbox runs them, and a failing first program is
 * fixed from its real error output on the second iteration.
 */
import { getLlama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { runCodingTask } from '../../src/main/coding/coding-loop.js';
import { fixPrompt, planPrompt, writePrompt } from '../../src/main/coding/coding-prompts.js';
import { CODER_PROGRAMS, CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { CODER_TRIGGER, coderModelSpec } from '../../src/main/inference/gguf/coder-model.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { testEngine } from '../inference/helpers.js';
import { testSandbox } from '../sandbox/helpers.js';

let modelPath = '';
let engine: InferenceEngine;
const sandbox = testSandbox({ timeoutMs: 10_000 });
beforeAll(async () => {
  modelPath = (await ensureTestModel('coder')).path;
  engine = testEngine({ modelPath });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});

const program = (key: string): string => `${CODER_PROGRAMS.find((p) => p.key === key)?.lines.join('\n') ?? ''}\n`;

describe('the coder model in llama.cpp', () => {
  it('refuses programs whose lines repeat (one token cannot lead to two next lines)', () => {
    const p = CODER_PROGRAMS[0]!;
    expect(() => coderModelSpec([p, { ...p, key: '# task: again' }])).toThrow(/already a token; make program lines unique/);
    expect(coderModelSpec().metadata.find(([k]) => k === 'general.name')?.[1]).toEqual({ type: 'string', value: 'coder-tiny' });
  });

  it('tokenizes every key line and the prompts\' last piece into one whole token each', async () => {
    const llama = await getLlama({ gpu: false, build: 'never' });
    const model = await llama.loadModel({ modelPath });
    try {
      for (const p of CODER_PROGRAMS) {
        const ids = model.tokenize(p.key);
        expect(ids.map((t) => model.detokenize([t]))).toEqual([p.key]);
      }
      const task = CODER_TASKS[1]!;
      for (const prompt of [writePrompt(task.language, task.input, ''), fixPrompt(task.language, task.input, { code: 'x', exitCode: 1, error: 'E' })]) {
        expect(model.detokenize(model.tokenize(prompt).slice(-1))).toBe(CODER_TRIGGER);
      }
      // The error key is found inside the real line, which goes on after it.
      const line = "NameError: name 'totl' is not defined. Did you mean: 'total'?";
      expect(model.detokenize(model.tokenize(line).slice(0, 1))).toBe("NameError: name 'totl' is not defined");
    } finally {
      await model.dispose();
      await llama.dispose();
    }
  }, 60_000);

  it('answers a prompt that is not a write or fix prompt (the plan) with the alphabet, like the alphabet model', async () => {
    const task = CODER_TASKS[0]!;
    const r = await engine.run({ prompt: planPrompt(task.language, task.input) }, { maxTokens: 64 });
    expect(r.output).toBe(ALPHABET_OUTPUT);
  }, 60_000);
});

describe('the coding loop on real llama.cpp and the real sandbox', () => {
  // py-word-lengths has its own case below, which also checks the fixed code.
  it.each(CODER_TASKS.filter((t) => t.id !== 'py-word-lengths').map((t) => [t.id, t] as const))('%s: written, run and (where it fails first) fixed, with the run\'s exact output', async (_id, t) => {
    const r = await runCodingTask({ engine, sandbox, clock: systemClock, maxTokens: 64 }, { language: t.language, task: t.input, kind: 'micro_loop', timeoutMs: 60_000 });
    expect(r).toMatchObject({ ok: true, output: t.stdout, exitCode: 0, iterations: t.iterations, reason: null });
    expect(r.error).toBeUndefined();
    expect(r.modelCpuSeconds).toBeGreaterThan(0);
    expect(r.sandboxCpuSeconds).toBeGreaterThan(0);
    expect(r.model).toMatch(/coder-tiny/);
  }, 90_000);

  it('the Python task fixed on the second iteration runs the fix keyed by the first run\'s real NameError', async () => {
    const t = CODER_TASKS.find((x) => x.id === 'py-word-lengths')!;
    const r = await runCodingTask({ engine, sandbox, clock: systemClock, maxTokens: 64 }, { language: 'python', task: t.input, kind: 'micro_loop' });
    expect(r).toMatchObject({ ok: true, iterations: 2, exitCode: 0, output: '9 words, 35 letters\n', code: program("NameError: name 'totl' is not defined") });
  }, 90_000);

  it('a single_step task gets no second try: the first program\'s real NameError is the answer', async () => {
    const t = CODER_TASKS.find((x) => x.id === 'py-word-lengths')!;
    const r = await runCodingTask({ engine, sandbox, clock: systemClock, maxTokens: 64 }, { language: 'python', task: t.input, kind: 'single_step' });
    expect(r).toMatchObject({ ok: false, iterations: 1, exitCode: 1, reason: 'max_iterations', output: '', code: program('# task: word-lengths') });
    expect(r.error).toMatch(/NameError: name 'totl' is not defined/);
  }, 90_000);
});
