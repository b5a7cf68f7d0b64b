import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/main/core/logger.js';
import { startDemoDeviceEngine, type DemoDeviceEngine } from '../../src/sim/demo/demo-device-engine.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';

/** The demo's virtual devices answer with real llama.cpp (one shared engine) on the generated tiny model. */
describe('the demo devices\' engine', () => {
  let engine: DemoDeviceEngine;
  beforeAll(async () => {
    engine = await startDemoDeviceEngine({ modelPath: (await ensureTestModel('tiny')).path, logger: memoryLogger() });
  }, 120_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it('answers a mesh task and an iPhone request with the model\'s own output', async () => {
    const signal = new AbortController().signal;
    const mesh = await engine.handlers.meshTask?.({ id: 't1', prompt: 'uvw', maxTokens: 8 }, { central: 'c0:de:00:00:00:01', signal });
    expect(mesh).toMatchObject({ ok: true, output: 'xyz' });
    expect(mesh?.cpuSeconds).toBeGreaterThan(0);
    const iphone = await engine.handlers.iphone?.({ id: 'r1', prompt: 'Say the alphabet.', maxTokens: 40 }, { signal });
    expect(iphone).toEqual({ ok: true, output: 'abcdefghijklmnopqrstuvwxyz' });
  });

  it('answers ok: false with the reason when the request cannot run', async () => {
    const ac = new AbortController();
    ac.abort(new Error('central disconnected'));
    const r = await engine.handlers.meshTask?.({ id: 't1', prompt: 'uvw', maxTokens: 8 }, { central: 'c0:de:00:00:00:01', signal: ac.signal });
    expect(r?.ok).toBe(false);
    expect(r?.error).toBeTruthy();
  });
});
