/**
 * node-llama-cpp's own estimate of how a model fits this computer, for a model on disk (its header)
 * or a catalogue entry not downloaded yet (a header of its shape, written to a temporary file). Runs
 * in the inference host process: GgufInsights may try llama.cpp on the file, which must never happen in
 * the app's main process. Hardware can be overridden (tests: Metal 16 GB, CUDA 8 GB, none…).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { GgufInsights, readGgufFileInfo } from 'node-llama-cpp';
import type { Llama } from 'node-llama-cpp';
import type { ResolvedFit } from '../../../shared/model-catalogue.js';
import type { FitTarget } from '../host-protocol.js';
import { writeShapeHeader } from '../gguf/shape-header.js';

export type { FitTarget };

export interface HardwareOverride {
  gpu: 'metal' | 'cuda' | 'vulkan' | false;
  vramTotalBytes: number;
  vramFreeBytes: number;
  ramTotalBytes: number;
  ramFreeBytes: number;
}

/** The context the estimate plans for: what the runner creates (2048) with room for coding prompts. */
export const FIT_CONTEXT_SIZE = 4096;

export async function estimateFit(llama: Llama, target: FitTarget, hardware?: HardwareOverride): Promise<ResolvedFit> {
  const dir = target.shape ? mkdtempSync(path.join(tmpdir(), 'edgecoder-fit-')) : null;
  try {
    let file = target.path;
    if (target.shape && dir) {
      file = path.join(dir, 'shape.gguf');
      writeShapeHeader(file, target.name, target.shape, target.contextLength);
    }
    if (!file) throw new Error('a fit needs a model file or a shape');
    const info = await readGgufFileInfo(file, { logWarnings: false, sourceType: 'filesystem' });
    const insights = await GgufInsights.from(info, llama);
    const overrides = hardware
      ? {
        getVramState: async () => ({ total: hardware.vramTotalBytes, free: hardware.vramFreeBytes, unifiedSize: hardware.gpu === 'metal' ? hardware.vramTotalBytes : 0 }),
        getRamState: async () => ({ total: hardware.ramTotalBytes, free: hardware.ramFreeBytes }),
        getSwapState: async () => ({ total: 0, free: 0 }),
        llamaGpu: hardware.gpu,
        llamaSupportsGpuOffloading: hardware.gpu !== false,
      }
      : {};
    const r = await insights.configurationResolver.resolveAndScoreConfig({ targetContextSize: Math.min(FIT_CONTEXT_SIZE, target.contextLength) }, overrides);
    const hasGpu = hardware ? hardware.gpu !== false : llama.gpu !== false && llama.supportsGpuOffloading;
    const freeRamBytes = hardware ? hardware.ramFreeBytes : os.freemem();
    return {
      compatibilityScore: r.compatibilityScore, gpuLayers: r.resolvedValues.gpuLayers, totalLayers: insights.totalLayers,
      totalRamUsage: r.resolvedValues.totalRamUsage, totalVramUsage: r.resolvedValues.totalVramUsage, hasGpu, freeRamBytes,
    };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
