import { describe, expect, it } from 'vitest';
import { meshServeRefusal, modelSummary, readyModel } from '../../src/main/app/model-summary.js';
import type { ModelPanelSnapshot } from '../../src/main/models/active-model-binding.js';
import type { ModelSummary } from '../../src/shared/snapshot.js';

type Active = NonNullable<ModelPanelSnapshot['active']>;
const entry: Omit<Active, 'state' | 'reason'> = {
  fileName: 'tiny.gguf', path: '/models/tiny.gguf', name: 'alphabet-tiny', architecture: 'llama', parameterCount: 100_000,
  paramSize: 0.0001, sizeClass: '<1.5B', creditMultiplier: 0.3, contextLength: 2048, fileSizeBytes: 1, memoryEstimateMB: 1,
  active: true, failedReason: null,
};

describe('modelSummary: the Model slice in words', () => {
  it.each<[Active['state'], string | null, ModelSummary['state'], string]>([
    ['ready', null, 'ready', '<1.5B, credit multiplier 0.3'],
    ['loading', null, 'loading', 'Loading into llama.cpp…'],
    ['failed', 'bad magic', 'failed', 'Failed to load: bad magic'],
    ['failed', null, 'failed', 'Failed to load: unknown reason'],
    ['none', null, 'not-loaded', 'Not loaded yet.'],
  ])('%s (reason %s) → %s', (state, reason, summaryState, detail) => {
    expect(modelSummary({ ...entry, state, reason })).toEqual({ name: 'alphabet-tiny', paramSize: 0.0001, state: summaryState, detail });
  });

  it('no model chosen: null', () => {
    expect(modelSummary(null)).toBeNull();
  });
});

describe('what a model state allows', () => {
  const summary = (state: ModelSummary['state']): ModelSummary => ({ name: 'm', paramSize: 3, state, detail: '' });
  it.each<[string, ModelSummary | null, { name: string; paramSize: number } | null, string | null]>([
    ['ready: offered and serves', summary('ready'), { name: 'm', paramSize: 3 }, null],
    ['loading: neither', summary('loading'), null, 'no local model is active and loaded'],
    ['failed: neither', summary('failed'), null, 'no local model is active and loaded'],
    // "Stop using" leaves the engine holding the old model: the chosen one is not loaded, so nothing serves.
    ['chosen but not loaded (the engine still holds the old one): neither', summary('not-loaded'), null, 'no local model is active and loaded'],
    ['none chosen: neither', null, null, 'no local model is active and loaded'],
  ])('%s', (_what, s, offered, refusal) => {
    expect(readyModel(s)).toEqual(offered);
    expect(meshServeRefusal(s)).toBe(refusal);
  });
});
