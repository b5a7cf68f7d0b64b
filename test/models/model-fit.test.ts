/**
 * The fit decision as a table: node-llama-cpp's real estimate (GgufInsights and its configuration
 * resolver) over the catalogue's shapes, with the hardware injected: Metal 16 GB, CUDA 8 GB, Vulkan 4 GB,
 * no GPU with 16 GB of RAM, and a small machine with no GPU and 4 GB of RAM.
 */
import { readFileSync } from 'node:fs';
import { getLlama } from 'node-llama-cpp';
import type { Llama } from 'node-llama-cpp';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogueSchema } from '../../src/shared/model-catalogue.js';
import type { FitKind } from '../../src/shared/model-catalogue.js';
import { estimateFit } from '../../src/main/inference/host/fit-estimator.js';
import type { HardwareOverride } from '../../src/main/inference/host/fit-estimator.js';
import { classifyFit, rankCatalogue } from '../../src/main/models/model-fit.js';

const GB = 2 ** 30;
const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync('resources/model-catalogue.json', 'utf8')));
const qwen = ['qwen2.5-coder-0.5b', 'qwen2.5-coder-1.5b', 'qwen2.5-coder-3b', 'qwen2.5-coder-7b'];

const machines: Record<string, HardwareOverride> = {
  'Metal 16 GB': { gpu: 'metal', vramTotalBytes: 16 * GB, vramFreeBytes: 12 * GB, ramTotalBytes: 16 * GB, ramFreeBytes: 10 * GB },
  'CUDA 8 GB': { gpu: 'cuda', vramTotalBytes: 8 * GB, vramFreeBytes: 7.5 * GB, ramTotalBytes: 32 * GB, ramFreeBytes: 24 * GB },
  'Vulkan 4 GB': { gpu: 'vulkan', vramTotalBytes: 4 * GB, vramFreeBytes: 3.5 * GB, ramTotalBytes: 16 * GB, ramFreeBytes: 12 * GB },
  'no GPU, 16 GB': { gpu: false, vramTotalBytes: 0, vramFreeBytes: 0, ramTotalBytes: 16 * GB, ramFreeBytes: 12 * GB },
  'no GPU, 4 GB': { gpu: false, vramTotalBytes: 0, vramFreeBytes: 0, ramTotalBytes: 4 * GB, ramFreeBytes: 2 * GB },
};

// [machine, fit of 0.5B, 1.5B, 3B, 7B, the recommended entry]
const table: Array<[string, FitKind[], string]> = [
  ['Metal 16 GB', ['gpu', 'gpu', 'gpu', 'gpu'], 'qwen2.5-coder-7b'],
  ['CUDA 8 GB', ['gpu', 'gpu', 'gpu', 'gpu'], 'qwen2.5-coder-7b'],
  ['Vulkan 4 GB', ['gpu', 'gpu', 'gpu', 'partial-gpu'], 'qwen2.5-coder-3b'],
  ['no GPU, 16 GB', ['cpu', 'cpu', 'cpu', 'cpu'], 'qwen2.5-coder-1.5b'],
  ['no GPU, 4 GB', ['cpu', 'cpu', 'no-fit', 'no-fit'], 'qwen2.5-coder-1.5b'],
];

let llama: Llama;
beforeAll(async () => {
  // Silent: GgufInsights tries llama.cpp on the weightless header, which logs that it has no vocabulary.
  llama = await getLlama({ gpu: false, build: 'never', logLevel: 'disabled' as never, progressLogs: false });
});

describe('how each catalogue model fits a machine', () => {
  it.each(table)('%s', async (machine, kinds, recommended) => {
    const hardware = machines[machine];
    if (!hardware) throw new Error(machine);
    const entries = await Promise.all(catalogue.models.map(async (e) => ({
      id: e.id, parameters: e.parameters,
      fit: classifyFit(await estimateFit(llama, { key: e.id, shape: e.shape, name: e.name, contextLength: e.contextLength }, hardware)),
    })));
    expect(qwen.map((id) => entries.find((e) => e.id === id)?.fit.kind)).toEqual(kinds);
    const ranked = rankCatalogue(entries);
    expect(ranked.filter((e) => e.recommended).map((e) => e.id)).toEqual([recommended]);
    expect(ranked[0]?.id).toBe(recommended);
    const sevenB = entries.find((e) => e.id === 'qwen2.5-coder-7b')?.fit;
    expect(sevenB?.words).toMatch(/^(runs on the GPU|runs partly on the GPU|CPU only, slow|does not fit): needs \d/);
  });
});

describe('the decision rule', () => {
  const base = { compatibilityScore: 1, gpuLayers: 29, totalLayers: 29, totalRamUsage: 0.5 * GB, totalVramUsage: 5 * GB, hasGpu: true, freeRamBytes: 8 * GB };
  it('says what each kind needs in words', () => {
    expect(classifyFit(base).words).toBe('runs on the GPU: needs 5.0 GB of GPU memory');
    expect(classifyFit({ ...base, gpuLayers: 19, totalRamUsage: 2.1 * GB, totalVramUsage: 3.5 * GB }).words).toBe('runs partly on the GPU: needs 19 of 29 layers, 3.5 GB of GPU memory and 2.1 GB of RAM');
    expect(classifyFit({ ...base, hasGpu: false, gpuLayers: 0, totalRamUsage: 5.3 * GB, totalVramUsage: 0 }).words).toBe('CPU only, slow: needs 5.3 GB of RAM');
    expect(classifyFit({ ...base, compatibilityScore: 0, hasGpu: false, gpuLayers: 0, totalRamUsage: 5.3 * GB, totalVramUsage: 0, freeRamBytes: 2 * GB }).words).toBe('does not fit: needs 5.3 GB, 2.0 GB free');
  });
  it('nothing that fits means nothing recommended', () => {
    const noFit = classifyFit({ ...base, compatibilityScore: 0 });
    expect(rankCatalogue([{ parameters: 7, fit: noFit }, { parameters: 3, fit: null }]).some((e) => e.recommended)).toBe(false);
  });
});
