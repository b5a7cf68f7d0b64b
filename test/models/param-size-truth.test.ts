/**
 * The parameter size that sets the credit multiplier and the router's model term comes from the GGUF
 * itself (its tensors), never from the file name: a tiny model saved as "qwen2.5-coder-7b-…" is
 * advertised as the tiny model it is.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { readModelInfo } from '../../src/main/inference/gguf/model-info.js';
import { ModelManager } from '../../src/main/models/model-manager.js';
import { creditsMultiplier } from '../../src/shared/credits-multiplier.js';

describe('the advertised parameter size', () => {
  it('is read from the model, not its name', async () => {
    const { tiny } = await ensureTestModels(['tiny']);
    const dir = mkdtempSync(join(tmpdir(), 'param-truth-'));
    const liar = join(dir, 'qwen2.5-coder-7b-instruct-q4_k_m.gguf');
    copyFileSync(tiny, liar);
    const info = await readModelInfo(liar);
    expect(info.paramSize).toBeLessThan(0.01);
    const models = new ModelManager({ dataDir: dir });
    await models.start();
    const entry = await models.addLocal(liar);
    models.select(entry.fileName);
    const caps = models.capabilities();
    expect(caps.modelParamSize).toBe(info.paramSize);
    expect(creditsMultiplier(caps.modelParamSize)).toBe(0.3);
    await models.stop();
  });
});
