/**
 * Chooses where llama.cpp runs a model: the GPU by default (node-llama-cpp's `gpu: 'auto'` picks Metal,
 * CUDA or Vulkan from the prebuilt binaries shipped for this platform, and `gpuLayers: 'auto'` fits as
 * many layers as free GPU memory allows, keeping the context's memory in mind), the CPU where there is
 * no usable GPU or the user turned it off. A GPU that fails to load the model falls back to the CPU
 * with the reason; it never takes the host down.
 */
import os from 'node:os';
import type { Llama, LlamaModel } from 'node-llama-cpp';
import type { BackendInfo, GpuSetting } from '../host-protocol.js';

export type GetLlamaFn = (options: { gpu: 'auto' | false; build: 'never'; maxThreads?: number; logLevel?: never; progressLogs?: boolean }) => Promise<Llama>;

export interface BackendLoad {
  llama: Llama;
  model: LlamaModel;
  /** Why the model runs where it runs, when that is not the GPU the setting asked for. */
  cpuReason: string | null;
}

const names: Record<string, string> = { metal: 'Metal', cuda: 'CUDA', vulkan: 'Vulkan' };

export function backendName(gpu: Llama['gpu']): string {
  return gpu === false ? 'CPU' : (names[gpu] ?? String(gpu));
}

export class LlamaBackends {
  private readonly cache = new Map<'auto' | 'cpu', Promise<Llama>>();

  constructor(private readonly getLlama: GetLlamaFn, private readonly maxThreads: number) {}

  private get(kind: 'auto' | 'cpu'): Promise<Llama> {
    let llama = this.cache.get(kind);
    if (!llama) {
      llama = this.getLlama({ gpu: kind === 'auto' ? 'auto' : false, build: 'never', maxThreads: this.maxThreads, logLevel: 'error' as never, progressLogs: false });
      this.cache.set(kind, llama);
      // A failed binary is not cached: the next load tries again.
      llama.catch(() => this.cache.delete(kind));
    }
    return llama;
  }

  /** The llama whose hardware the fit estimates describe: the GPU one when the setting allows, else the CPU one. */
  async forEstimates(): Promise<Llama> {
    return this.get('auto').catch(() => this.get('cpu'));
  }

  /** Loads `path` on the GPU when the setting allows and one works, else on the CPU, saying why. */
  async load(path: string, gpu: GpuSetting): Promise<BackendLoad> {
    let cpuReason = 'GPU turned off in settings';
    if (gpu === 'auto') {
      try {
        const llama = await this.get('auto');
        if (llama.gpu === false) {
          cpuReason = 'no GPU found';
        } else {
          try {
            const model = await llama.loadModel({ modelPath: path, gpuLayers: 'auto' });
            return { llama, model, cpuReason: null };
          } catch (err) {
            cpuReason = `${backendName(llama.gpu)} could not load the model (${messageOf(err)})`;
          }
        }
      } catch (err) {
        cpuReason = `the GPU build failed to start (${messageOf(err)})`;
      }
    }
    const llama = await this.get('cpu');
    const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    return { llama, model, cpuReason };
  }

  async describe(load: BackendLoad, threads: number): Promise<BackendInfo> {
    const { llama, model } = load;
    const totalLayers = model.fileInsights.totalLayers;
    const onGpu = llama.gpu !== false && model.gpuLayers > 0;
    const vram = onGpu ? await llama.getVramState().catch(() => null) : null;
    const gpuNames = onGpu ? await llama.getGpuDeviceNames().catch(() => []) : [];
    const info: BackendInfo = {
      backend: onGpu ? (llama.gpu as BackendInfo['backend']) : 'cpu',
      gpuName: gpuNames[0] ?? null,
      vramTotalBytes: vram?.total ?? 0,
      vramFreeBytes: vram?.free ?? 0,
      gpuLayers: onGpu ? model.gpuLayers : 0,
      totalLayers,
      threads,
      summary: '',
    };
    info.summary = describeBackend(info, load.cpuReason);
    return info;
  }
}

/** "Metal: 33 of 33 layers on the GPU" or "CPU, 2 threads (no GPU found)". */
export function describeBackend(info: Omit<BackendInfo, 'summary'>, cpuReason: string | null): string {
  if (info.backend === 'cpu') return `CPU, ${info.threads} thread${info.threads === 1 ? '' : 's'}${cpuReason ? ` (${cpuReason})` : ''}`;
  return `${backendName(info.backend)}: ${info.gpuLayers} of ${info.totalLayers} layers on the GPU`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** This computer as llama.cpp sees it, in words, for the catalogue's fit column. */
export async function hardwareWords(llama: Llama): Promise<string> {
  const ram = `${(os.totalmem() / 2 ** 30).toFixed(1)} GB of RAM`;
  if (llama.gpu === false || !llama.supportsGpuOffloading) return `no GPU found: CPU, ${llama.cpuMathCores} cores, ${ram}`;
  const vram = await llama.getVramState().catch(() => null);
  const names = await llama.getGpuDeviceNames().catch(() => []);
  return `${backendName(llama.gpu)}: ${names[0] ?? 'GPU'}${vram ? `, ${(vram.total / 2 ** 30).toFixed(1)} GB` : ''}; ${ram}`;
}
