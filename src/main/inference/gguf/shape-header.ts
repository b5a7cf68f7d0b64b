/**
 * Writes the header of a GGUF model of a given shape, without its weights: every tensor of a llama or
 * qwen2 model with the types of a Q4_K_M file (Q4_K, Q6_K for attn_v and ffn_down and the output, Q8_0
 * where a row is not a multiple of 256, F32 norms and biases). node-llama-cpp's GgufInsights reads such
 * a header as it reads a real file's, so a catalogue entry's memory is estimated before downloading it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ModelShape } from '../../../shared/model-catalogue.js';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GgufValueType, ggmlBlockLayout } from './gguf-format.js';

const T = { F32: 0, Q8_0: 8, Q4_K: 12, Q6_K: 14 } as const;

interface TensorHead { name: string; dims: number[]; type: number }

function quant(preferred: number, rowLength: number): number {
  return rowLength % 256 === 0 ? preferred : T.Q8_0;
}

export function shapeTensors(s: ModelShape): TensorHead[] {
  const headDim = s.embedding / s.heads;
  const kv = s.kvHeads * headDim;
  const e = s.embedding;
  const out: TensorHead[] = [{ name: 'token_embd.weight', dims: [e, s.vocab], type: quant(T.Q4_K, e) }, { name: 'output_norm.weight', dims: [e], type: T.F32 }];
  if (!s.tiedEmbeddings) out.push({ name: 'output.weight', dims: [e, s.vocab], type: quant(T.Q6_K, e) });
  for (let b = 0; b < s.layers; b++) {
    const p = `blk.${b}.`;
    out.push(
      { name: `${p}attn_norm.weight`, dims: [e], type: T.F32 },
      { name: `${p}attn_q.weight`, dims: [e, e], type: quant(T.Q4_K, e) },
      { name: `${p}attn_k.weight`, dims: [e, kv], type: quant(T.Q4_K, e) },
      { name: `${p}attn_v.weight`, dims: [e, kv], type: quant(T.Q6_K, e) },
      { name: `${p}attn_output.weight`, dims: [e, e], type: quant(T.Q4_K, e) },
      { name: `${p}ffn_norm.weight`, dims: [e], type: T.F32 },
      { name: `${p}ffn_gate.weight`, dims: [e, s.feedForward], type: quant(T.Q4_K, e) },
      { name: `${p}ffn_up.weight`, dims: [e, s.feedForward], type: quant(T.Q4_K, e) },
      { name: `${p}ffn_down.weight`, dims: [s.feedForward, e], type: quant(T.Q6_K, s.feedForward) },
    );
    if (s.architecture === 'qwen2') {
      out.push({ name: `${p}attn_q.bias`, dims: [e], type: T.F32 }, { name: `${p}attn_k.bias`, dims: [kv], type: T.F32 }, { name: `${p}attn_v.bias`, dims: [kv], type: T.F32 });
    }
  }
  return out;
}

function tensorBytes(t: TensorHead): number {
  const [perBlock, bytes] = ggmlBlockLayout[t.type] ?? [1, 4];
  return (t.dims.reduce((a, b) => a * b, 1) / perBlock) * bytes;
}

/** Writes the header (metadata and tensor infos, no tensor data) to `path`. Returns the size the whole file would have. */
export function writeShapeHeader(path: string, name: string, shape: ModelShape, contextLength: number): number {
  const a = shape.architecture;
  const u32 = (key: string, v: number): Buffer[] => [str(key), u32b(GgufValueType.u32), u32b(v)];
  const parts: Buffer[] = [];
  const meta: Buffer[][] = [
    [str('general.architecture'), u32b(GgufValueType.string), str(a)],
    [str('general.name'), u32b(GgufValueType.string), str(name)],
    u32(`${a}.context_length`, contextLength),
    u32(`${a}.embedding_length`, shape.embedding),
    u32(`${a}.block_count`, shape.layers),
    u32(`${a}.feed_forward_length`, shape.feedForward),
    u32(`${a}.attention.head_count`, shape.heads),
    u32(`${a}.attention.head_count_kv`, shape.kvHeads),
    u32(`${a}.vocab_size`, shape.vocab),
    [str(`${a}.attention.layer_norm_rms_epsilon`), u32b(GgufValueType.f32), f32b(1e-6)],
    [str('tokenizer.ggml.model'), u32b(GgufValueType.string), str(a === 'qwen2' ? 'gpt2' : 'llama')],
  ];
  const tensors = shapeTensors(shape);
  parts.push(u32b(GGUF_MAGIC), u32b(3), u64b(tensors.length), u64b(meta.length), ...meta.flat());
  let offset = 0;
  for (const t of tensors) {
    parts.push(str(t.name), u32b(t.dims.length), ...t.dims.map(u64b), u32b(t.type), u64b(offset));
    offset += Math.ceil(tensorBytes(t) / GGUF_DEFAULT_ALIGNMENT) * GGUF_DEFAULT_ALIGNMENT;
  }
  const header = Buffer.concat(parts);
  const padded = Buffer.concat([header, Buffer.alloc((GGUF_DEFAULT_ALIGNMENT - (header.length % GGUF_DEFAULT_ALIGNMENT)) % GGUF_DEFAULT_ALIGNMENT)]);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, padded);
  } finally {
    closeSync(fd);
  }
  return padded.length + offset;
}

function u32b(v: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; }
function u64b(v: number): Buffer { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; }
function f32b(v: number): Buffer { const b = Buffer.alloc(4); b.writeFloatLE(v); return b; }
function str(s: string): Buffer { const b = Buffer.from(s, 'utf8'); return Buffer.concat([u64b(b.length), b]); }
