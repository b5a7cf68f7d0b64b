/** The user's own request overtakes contributed work waiting in the real engine's queue (real llama.cpp). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { RequestEvent } from '../../src/main/inference/engine-types.js';
import { testEngine, testModels } from './helpers.js';

let engine: InferenceEngine;

beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});

describe('engine priority', () => {
  it('runs a user request queued after contributed ones before them', async () => {
    const events: RequestEvent[] = [];
    const onReq = (e: RequestEvent): void => void events.push(e);
    engine.on('request', onReq);
    let firstStarted!: () => void;
    const started = new Promise<void>((r) => (firstStarted = r));
    const runningFirst = engine.run({ prompt: '.' }, { maxTokens: 26, onToken: () => firstStarted() });
    await started; // the slot is held: everything below waits
    const contributed1 = engine.run({ prompt: 'a' }, { maxTokens: 3 });
    const contributed2 = engine.run({ prompt: 'b' }, { maxTokens: 3, priority: 'contributed' });
    const user = engine.run({ prompt: 'uvw' }, { maxTokens: 10, priority: 'user' });
    const [, c1, c2, u] = await Promise.all([runningFirst, contributed1, contributed2, user]);
    engine.off('request', onReq);
    expect([c1.output, c2.output, u.output]).toEqual(['bcd', 'cde', 'xyz']);
    const ids = [...new Set(events.map((e) => e.id))];
    const startOrder = events.filter((e) => e.phase === 'started').map((e) => ids.indexOf(e.id));
    expect(startOrder).toEqual([0, 3, 1, 2]);
  });
});
