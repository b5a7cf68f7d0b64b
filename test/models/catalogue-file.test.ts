/** The shipped catalogue validates, every entry can be downloaded and estimated, and bad entries are refused with the reason. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/main/models/model-catalogue-service.js';
import { shippedCatalogue } from '../../src/main/models/shipped-catalogue.js';

const raw = JSON.parse(readFileSync('resources/model-catalogue.json', 'utf8')) as { version: 1; models: Array<Record<string, unknown>> };

describe('the model catalogue', () => {
  it('validates, with an hf: URI of a .gguf file, a size and a shape for every entry', () => {
    const catalogue = shippedCatalogue();
    expect(catalogue.models.length).toBeGreaterThanOrEqual(4);
    for (const e of catalogue.models) {
      expect(e.uri).toMatch(/^hf:[^/]+\/[^/]+\/.+\.gguf$/);
      expect(e.fileSizeBytes).toBeGreaterThan(100e6);
      expect(e.shape.layers).toBeGreaterThan(0);
    }
    expect(catalogue.models.map((e) => e.id)).toEqual(expect.arrayContaining(['qwen2.5-coder-0.5b', 'qwen2.5-coder-1.5b', 'qwen2.5-coder-3b', 'qwen2.5-coder-7b']));
  });

  it.each([
    ['an empty URI', { uri: '' }, /models\.0\.uri/],
    ['a URI that is not a model file', { uri: 'hf:org/repo' }, /models\.0\.uri/],
    ['no size', { fileSizeBytes: 0 }, /models\.0\.fileSizeBytes/],
    ['an unknown field', { homepage: 'x' }, /models\.0/],
    ['a bad id', { id: 'Qwen Coder' }, /models\.0\.id/],
  ])('refuses %s', (_what, patch, message) => {
    const bad = { ...raw, models: [{ ...raw.models[0], ...patch }, ...raw.models.slice(1)] };
    expect(() => parseCatalogue(bad)).toThrow(message);
  });

  it('refuses duplicate ids', () => {
    expect(() => parseCatalogue({ ...raw, models: [raw.models[0], raw.models[0]] })).toThrow(/ids must be unique/);
  });
});
