/**
 * GPU by default, CPU where there is none: on this machine (no GPU) `auto` runs on the CPU and says
 * why; `off` reloads on the CPU; a GPU build that fails to load the model (standing in for a GPU this
 * machine lacks) falls back to the CPU with the reason. Real llama.cpp, in this test's own process.
 */
import { getLlama } from 'node-llama-cpp';
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceHost } from '../../src/main/inference/host/inference-host.js';
import type { GetLlamaFn } from '../../src/main/inference/host/llama-backend.js';
import type { HostModelInfo, HostToParent } from '../../src/main/inference/host-protocol.js';
import { testModels } from './helpers.js';
import { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';

let tinyPath = '';
beforeAll(async () => {
  tinyPath = (await testModels()).tiny;
});

function hostWith(getLlamaFn: GetLlamaFn): { host: InferenceHost; load(gpu: 'auto' | 'off'): Promise<HostModelInfo> } {
  const waiting = new Map<string, (msg: HostToParent) => void>();
  const host = new InferenceHost((msg) => {
    const id = 'id' in msg ? msg.id : null;
    if (id) waiting.get(id)?.(msg);
  }, { getLlama: getLlamaFn });
  let seq = 0;
  return {
    host,
    load: (gpu) =>
      new Promise((resolve, reject) => {
        const id = `load-${++seq}`;
        waiting.set(id, (msg) => (msg.type === 'loaded' ? resolve(msg.info) : msg.type === 'failed' ? reject(new Error(msg.message)) : undefined));
        host.handle({ type: 'load', id, path: tinyPath, threads: 1, contextSize: 256, sequences: 1, gpu });
      }),
  };
}

const realGetLlama = getLlama as unknown as GetLlamaFn;

describe('where llama.cpp runs the model', () => {
  const hosts: InferenceHost[] = [];
  afterAll(async () => {
    for (const h of hosts) await h.dispose();
  });

  it('auto on a machine without a GPU runs on the CPU and says why', async () => {
    const asked: Array<'auto' | false> = [];
    const { host, load } = hostWith((o) => {
      asked.push(o.gpu);
      return realGetLlama(o);
    });
    hosts.push(host);
    const info = await load('auto');
    expect(asked[0]).toBe('auto');
    expect(info.backend).toMatchObject({ backend: 'cpu', gpuLayers: 0, threads: 1 });
    expect(info.backend.totalLayers).toBeGreaterThan(0);
    expect(info.backend.summary).toBe('CPU, 1 thread (no GPU found)');
  });

  it('off never asks for a GPU build', async () => {
    const asked: Array<'auto' | false> = [];
    const { host, load } = hostWith((o) => {
      asked.push(o.gpu);
      return realGetLlama(o);
    });
    hosts.push(host);
    const info = await load('off');
    expect(asked).toEqual([false]);
    expect(info.backend.summary).toBe('CPU, 1 thread (GPU turned off in settings)');
  });

  it('a GPU build that throws on load falls back to the CPU with the reason', async () => {
    const { host, load } = hostWith(async (o) => {
      const real = await realGetLlama(o);
      if (o.gpu === false) return real;
      // A Vulkan build whose loadModel fails (out of GPU memory, a driver error): only the GPU path is faked.
      return new Proxy(real, {
        get(target, prop, receiver) {
          if (prop === 'gpu') return 'vulkan';
          if (prop === 'loadModel') return () => Promise.reject(new Error('vk::Device::allocateMemory: ErrorOutOfDeviceMemory'));
          return Reflect.get(target, prop, receiver) as unknown;
        },
      }) as Llama;
    });
    hosts.push(host);
    const info = await load('auto');
    expect(info.backend.backend).toBe('cpu');
    expect(info.backend.summary).toBe('CPU, 1 thread (Vulkan could not load the model (vk::Device::allocateMemory: ErrorOutOfDeviceMemory))');
  });
});

describe('the GPU setting applied live', () => {
  it('switching to off reloads the model on the CPU; the same setting again does not reload', async () => {
    const engine = new InferenceEngine({ transport: childProcessTransport(), threads: 1, gpu: 'auto' });
    try {
      const first = await engine.loadModel(tinyPath);
      expect(first.backend.summary).toBe('CPU, 1 thread (no GPU found)');
      const loads: string[] = [];
      engine.on('model', (m) => loads.push(m.state));
      await engine.setGpu('off');
      expect(loads).toEqual(['loading', 'ready']);
      const state = engine.modelState;
      expect(state.state === 'ready' && state.info.backend.summary).toBe('CPU, 1 thread (GPU turned off in settings)');
      expect(engine.status().gpu).toBe('off');
      await engine.setGpu('off'); // unchanged: no reload
      expect(loads).toHaveLength(2);
    } finally {
      await engine.stop();
    }
  });
});
