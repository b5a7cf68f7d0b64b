import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import { readModelInfo } from '../../src/main/inference/gguf/model-info.js';
import { ModelLoadError, NoModelError } from '../../src/main/inference/inference-engine.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { HostExitEvent, ModelState } from '../../src/main/inference/engine-types.js';
import { InferenceError } from '../../src/main/inference/run-request.js';
import { testEngine, testModels } from './helpers.js';

let models: Awaited<ReturnType<typeof testModels>>;
let engine: InferenceEngine;

beforeAll(async () => {
  models = await testModels();
  engine = testEngine();
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});

const nextEvent = <K extends 'host-exit' | 'model'>(name: K, pred: (e: never) => boolean = () => true): Promise<unknown> =>
  new Promise((resolve) => {
    const fn = (e: never): void => {
      if (!pred(e)) return;
      engine.off(name, fn as never);
      resolve(e);
    };
    engine.on(name, fn as never);
  });

describe('the host process is the blast radius', () => {
  it('a model that aborts llama.cpp kills the host, not the app; the model is marked failed with the reason', async () => {
    // The manager would refuse this file up front; here llama.cpp itself sees it.
    await expect(readModelInfo(models.malformed)).rejects.toThrow(/attention.head_count/);
    const exits: HostExitEvent[] = [];
    const states: ModelState[] = [];
    engine.on('host-exit', (e) => exits.push(e));
    engine.on('model', (s) => states.push(s));
    const firstPid = engine.status().hostPid;
    const err = await engine.loadModel(models.malformed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as Error).message).toMatch(/crashed the host: inference host (was killed by SIGABRT|exited with code)/);
    expect((err as Error).message).toMatch(/GGML_ASSERT|llama/);
    const state = engine.modelState;
    expect(state.state).toBe('failed');
    if (state.state === 'failed') expect(state.reason).toBe((err as Error).message);
    expect(states.map((s) => s.state)).toEqual(['loading', 'failed']);
    expect(exits).toHaveLength(1);
    expect(exits[0]?.during).toBe('load');
    expect(engine.status().hostRestarts).toBe(1);
    expect(engine.status().hostPid).not.toBe(firstPid);
    await expect(engine.run({ prompt: '.' }, { maxTokens: 5 })).rejects.toBeInstanceOf(NoModelError);
  });

  it('the restarted host loads the good model and answers exactly', async () => {
    await engine.loadModel(models.tiny);
    expect((await engine.run({ prompt: '.' }, { maxTokens: 100 })).output).toBe(ALPHABET_OUTPUT);
  });

  it('a host that dies mid-request rejects the pending requests clearly, restarts and reloads the model', async () => {
    await engine.loadModel(models.looping);
    const pid = engine.status().hostPid;
    expect(pid).toBeTypeOf('number');
    let killed = false;
    const running = engine.run({ prompt: '.' }, {
      maxTokens: 2000,
      onToken: () => {
        if (!killed) process.kill(pid as number, 'SIGKILL');
        killed = true;
      },
    });
    const queued = engine.run({ prompt: '.' }, { maxTokens: 5 });
    const reloaded = nextEvent('model', ((s: ModelState) => s.state === 'ready') as never);
    const err = await running.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceError);
    expect((err as Error).message).toMatch(/inference host was killed by SIGKILL/);
    await reloaded;
    // The queued request ran on the restarted host once the model was back.
    expect((await queued).output).toBe('abcde');
    expect(engine.status().hostPid).not.toBe(pid);
    expect(engine.currentLoad).toBe(0);
  });
});

describe('active model binding', () => {
  it('loads the model the manager selects, and records a failure with its reason in the panel snapshot', async () => {
    const { mkdtempSync, rmSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ModelManager } = await import('../../src/main/models/model-manager.js');
    const { bindActiveModel, modelPanelSnapshot } = await import('../../src/main/models/active-model-binding.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'edgecoder-binding-'));
    try {
      const manager = new ModelManager({ dataDir });
      await manager.start();
      await manager.addLocal(models.tiny);
      // A file that passes the header check but is not the one added: sneak the malformed model in under a good name.
      copyFileSync(models.malformed, join(manager.modelsDir, 'sneaky.gguf'));
      const unbind = bindActiveModel(manager, engine);
      const ready = nextEvent('model', ((s: ModelState) => s.state === 'ready') as never);
      manager.select('alphabet-tiny.gguf');
      await ready;
      expect(modelPanelSnapshot(manager, engine).active).toMatchObject({ name: 'alphabet-tiny', state: 'ready', creditMultiplier: 0.3, sizeClass: '<1.5B', reason: null });
      // Bypass the manager's check (it would refuse the file) to see a load failure flow back.
      const failed = nextEvent('model', ((s: ModelState) => s.state === 'failed') as never);
      void engine.loadModel(join(manager.modelsDir, 'sneaky.gguf')).catch(() => undefined);
      await failed;
      await manager.rescan();
      expect(manager.list().map((e) => e.fileName)).toEqual(['alphabet-tiny.gguf']); // the bad file is not listed
      expect(modelPanelSnapshot(manager, engine).engine.lastCrash).toMatch(/inference host/);
      const back = nextEvent('model', ((s: ModelState) => s.state === 'ready') as never);
      manager.select('alphabet-tiny.gguf');
      await back;
      expect((await engine.run({ prompt: '.' }, { maxTokens: 50 })).output).toBe(ALPHABET_OUTPUT);
      unbind();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
