/**
 * What the app needs to know about a model file, from its GGUF header: architecture, size in
 * parameters, context length. Rejects files llama.cpp would refuse or abort on, with a clear reason.
 */
import { GgufError, parameterCount, readGgufHeader } from './gguf-reader.js';
import type { GgufHeader } from './gguf-reader.js';

export interface GgufModelInfo {
  name: string;
  architecture: string;
  parameterCount: number;
  /** Parameters in billions (what the routing cost and the credit multiplier use). */
  paramSize: number;
  contextLength: number;
  fileSizeBytes: number;
  ggufVersion: number;
}

/** Keys llama.cpp needs as u32 for the common architectures; missing ones abort the loading process. */
const REQUIRED_U32 = ['context_length', 'embedding_length', 'block_count', 'feed_forward_length', 'attention.head_count'];

/**
 * strict (default) rejects files missing what llama.cpp needs. The host reads leniently (metadata
 * only) and leaves the final word to llama.cpp, behind its process boundary.
 */
export function modelInfoFromHeader(header: GgufHeader, fallbackName: string, strict = true): GgufModelInfo {
  const declared = header.metadata.get('general.architecture');
  if (strict && (typeof declared !== 'string' || !declared)) throw new GgufError('missing general.architecture');
  const arch = typeof declared === 'string' && declared ? declared : 'unknown';
  for (const key of strict ? REQUIRED_U32 : []) {
    const full = `${arch}.${key}`;
    const value = header.metadata.get(full);
    // Some architectures store feed_forward_length per layer (an array); accept that.
    if (key === 'feed_forward_length' && typeof value === 'object' && value !== null && 'array' in value) continue;
    if (value === undefined) throw new GgufError(`missing ${full}`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new GgufError(`${full} must be a positive integer`);
  }
  const tokens = header.metadata.get('tokenizer.ggml.tokens');
  if (strict && (typeof tokens !== 'object' || tokens === null || !('array' in tokens) || tokens.length < 1)) throw new GgufError('missing tokenizer.ggml.tokens');
  if (strict && header.tensors.length === 0) throw new GgufError('the file holds no tensors');
  const ctx = header.metadata.get(`${arch}.context_length`);
  const count = parameterCount(header);
  const name = header.metadata.get('general.name');
  return {
    name: typeof name === 'string' && name ? name : fallbackName,
    architecture: arch,
    parameterCount: count,
    paramSize: Math.round((count / 1e9) * 1e4) / 1e4,
    contextLength: typeof ctx === 'number' && Number.isInteger(ctx) && ctx > 0 ? ctx : 0,
    fileSizeBytes: header.fileSize,
    ggufVersion: header.version,
  };
}

export async function readModelInfo(path: string, strict = true): Promise<GgufModelInfo> {
  const header = await readGgufHeader(path);
  const base = path.split(/[\\/]/).pop() ?? path;
  return modelInfoFromHeader(header, base.replace(/\.gguf$/i, ''), strict);
}
