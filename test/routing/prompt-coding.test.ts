/**
 * "Run as a coding task" from the dashboard's prompt box on this computer: dispatch() checks the
 * arguments and the result, the handler routes through the app's request router (wireRouting) to this
 * computer, which runs the app's coding loop (wireCoding's user runner) on real llama.cpp with the
 * generated coder model and the real WebAssembly sandbox. With sandbox.enabled off (work for others
 * held) the user's own code still runs: it is the user's choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireCoding } from '../../src/main/app/coding-wiring.js';
import { createPromptHandler } from '../../src/main/app/prompt-handler.js';
import { systemClock } from '../../src/main/core/clock.js';
import { CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { dispatch, type ContractHandlers } from '../../src/main/ipc/dispatcher.js';
import type { RequestRouter } from '../../src/main/routing/request-router.js';
import type { SendPromptResult } from '../../src/shared/send-prompt.js';
import type { SettingsStore } from '../../src/main/settings/settings-store.js';
import { testEngine } from '../inference/helpers.js';
import { testSandbox } from '../sandbox/helpers.js';
import { localRouter } from '../support/local-router.js';
import { memorySettings } from '../worker/swarm-fixture.js';

let engine: InferenceEngine;
let router: RequestRouter;
let settings: SettingsStore;
const sandbox = testSandbox({ timeoutMs: 10_000 });

beforeAll(async () => {
  engine = testEngine({ modelPath: (await ensureTestModel('coder')).path });
  await engine.start();
  settings = memorySettings();
  const coding = wireCoding({ engine, settings, clock: systemClock, sandbox });
  router = localRouter(engine, systemClock, coding.userRunner);
}, 120_000);
afterAll(async () => {
  await engine?.stop();
});

const handlers = (): ContractHandlers => createPromptHandler({ router, clock: systemClock }) as ContractHandlers;
const task = (id: string) => CODER_TASKS.find((t) => t.id === id)!;

describe('sendPrompt as a coding task on this computer', () => {
  it('the Python task that fails first is written, run, fixed and run again: the code, its output, exit 0, 2 iterations, served by this computer', async () => {
    const t = task('py-word-lengths');
    const res = await dispatch(handlers(), 'sendPrompt', { prompt: t.input, coding: { language: 'python' } });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value).toMatchObject({
      output: '9 words, 35 letters\n', credits: null,
      servedBy: { id: 'this-computer', name: 'this computer', kind: 'this-computer' },
      coding: { language: 'python', ok: true, exitCode: 0, iterations: 2, reason: null, error: null },
    });
    const run = (res.value as SendPromptResult).coding;
    expect(run?.code).toMatch(/print\(/);
    expect(run?.cpuSeconds).toBeGreaterThan(0);
    // The Routing panel's record notes the coding run.
    expect(router.recent()[0]).toMatchObject({ source: 'dashboard', ok: true, coding: { language: 'python', ok: true, iterations: 2, exitCode: 0 } });
  }, 120_000);

  it('a JavaScript task runs in the JavaScript sandbox; a plain prompt still carries no coding part', async () => {
    const t = task('js-fibonacci');
    const res = await dispatch(handlers(), 'sendPrompt', { prompt: t.input, coding: { language: 'javascript', kind: 'single_step' } });
    expect(res.ok && res.value).toMatchObject({ output: t.stdout, coding: { language: 'javascript', ok: true, exitCode: 0, iterations: 1 } });
    const plain = await dispatch(handlers(), 'sendPrompt', { prompt: 'hello', maxTokens: 8 });
    expect(plain.ok).toBe(true);
    if (plain.ok) expect((plain.value as SendPromptResult).coding).toBeUndefined();
    expect(router.recent()[0]?.coding).toBeUndefined();
  }, 120_000);

  it('with sandbox.enabled off (work for others held) the user\'s own coding task still runs', async () => {
    settings.update({ sandbox: { ...settings.read().sandbox, enabled: false } });
    try {
      const t = task('py-sum-squares');
      const res = await dispatch(handlers(), 'sendPrompt', { prompt: t.input, coding: { language: 'python' } });
      expect(res.ok && res.value).toMatchObject({ output: t.stdout, coding: { ok: true, exitCode: 0, iterations: 1 } });
    } finally {
      settings.update({ sandbox: { ...settings.read().sandbox, enabled: true } });
    }
  }, 120_000);

  it('a bad language is refused by the contract with a clear error, and nothing is routed', async () => {
    const before = router.recent().length;
    const res = await dispatch(handlers(), 'sendPrompt', { prompt: 'x', coding: { language: 'ruby' } });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/language/);
    expect(router.recent().length).toBe(before);
  });
});
