/**
 * Memory a model needs on this machine when loaded on CPU: the weights (mmapped, resident once
 * used), the KV cache for the context, and the runtime (~100 MB measured with the tiny model).
 */
import type { GgufHeader } from '../inference/gguf/gguf-reader.js';

const RUNTIME_BYTES = 100 * 1024 * 1024;

export function kvCacheBytes(header: GgufHeader, contextSize: number): number {
  const arch = header.metadata.get('general.architecture');
  if (typeof arch !== 'string') return 0;
  const num = (key: string): number | null => {
    const v = header.metadata.get(`${arch}.${key}`);
    return typeof v === 'number' && v > 0 ? v : null;
  };
  const layers = num('block_count');
  const embd = num('embedding_length');
  const heads = num('attention.head_count');
  if (!layers || !embd || !heads) return 0;
  const kvHeads = num('attention.head_count_kv') ?? heads;
  const kvWidth = (embd / heads) * kvHeads;
  return 2 * layers * contextSize * kvWidth * 2; // K and V, f16
}

export function estimateMemoryMB(header: GgufHeader, contextSize = 2048): number {
  return Math.ceil((header.fileSize + kvCacheBytes(header, contextSize) + RUNTIME_BYTES) / (1024 * 1024));
}
