/**
 * How a model fits this computer, from node-llama-cpp's own estimate (GgufInsights' configuration
 * resolver: layers it would offload, RAM and GPU memory it would use, and a compatibility score), and
 * the catalogue's order: the best model that runs well here first, marked Recommended.
 *
 * "Runs well" (our choice): wholly on the GPU beats partly on the GPU beats the CPU; among models on the
 * GPU the larger wins (it earns a higher credit multiplier); on the CPU only models up to
 * CPU_COMFORTABLE_PARAMS billion parameters are recommended, since a larger one decodes a few tokens a
 * second on a laptop CPU.
 */
import { FIT_WORDS, type FitKind, type ModelFit, type ResolvedFit } from '../../shared/model-catalogue.js';

export type { ResolvedFit };

export const CPU_COMFORTABLE_PARAMS = 1.6;

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GB`;

export function classifyFit(r: ResolvedFit): ModelFit {
  let kind: FitKind;
  if (r.compatibilityScore <= 0) kind = 'no-fit';
  else if (r.hasGpu && r.gpuLayers >= r.totalLayers) kind = 'gpu';
  else if (r.hasGpu && r.gpuLayers > 0) kind = 'partial-gpu';
  else kind = 'cpu';
  const need =
    kind === 'gpu' ? `${gb(r.totalVramUsage)} of GPU memory`
      : kind === 'partial-gpu' ? `${r.gpuLayers} of ${r.totalLayers} layers, ${gb(r.totalVramUsage)} of GPU memory and ${gb(r.totalRamUsage)} of RAM`
        : kind === 'cpu' ? `${gb(r.totalRamUsage)} of RAM`
          : `${gb(r.totalRamUsage + r.totalVramUsage)}, ${gb(r.freeRamBytes)} free`;
  return {
    kind,
    words: `${FIT_WORDS[kind]}: needs ${need}`,
    gpuLayers: kind === 'cpu' || kind === 'no-fit' ? 0 : r.gpuLayers,
    totalLayers: r.totalLayers,
    ramBytes: r.totalRamUsage,
    vramBytes: r.totalVramUsage,
  };
}

const KIND_RANK: Record<FitKind, number> = { gpu: 0, 'partial-gpu': 1, cpu: 2, 'no-fit': 4 };

function rankOf(fit: ModelFit | null, parameters: number): number {
  if (!fit) return 5;
  if (fit.kind === 'cpu' && parameters > CPU_COMFORTABLE_PARAMS) return 3;
  return KIND_RANK[fit.kind];
}

/** Sorted best first; the first one that runs (not "does not fit", not unknown) is Recommended. */
export function rankCatalogue<T extends { parameters: number; fit: ModelFit | null }>(entries: readonly T[]): Array<T & { recommended: boolean }> {
  const sorted = [...entries].sort((a, b) => rankOf(a.fit, a.parameters) - rankOf(b.fit, b.parameters) || b.parameters - a.parameters);
  const best = sorted.find((e) => rankOf(e.fit, e.parameters) <= 2) ?? sorted.find((e) => rankOf(e.fit, e.parameters) === 3);
  return sorted.map((e) => ({ ...e, recommended: e === best }));
}
