import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { InferenceEngineOptions } from '../../src/main/inference/engine-types.js';

export const testModels = () => ensureTestModels(['tiny', 'looping', 'malformed']);

export function testEngine(opts: Partial<InferenceEngineOptions> = {}): InferenceEngine {
  return new InferenceEngine({ transport: childProcessTransport(), threads: 1, ...opts });
}
