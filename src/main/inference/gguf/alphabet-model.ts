/**
 * A llama-architecture model whose greedy output is known in advance: it continues the alphabet.
 *
 * All attention and feed-forward output projections are zero, so every layer passes the residual
 * through unchanged and the next token depends only on the current one (a bigram table):
 * 'a'→'b' … 'y'→'z', 'z'→EOS (or 'z'→'a' in the looping variant), any other token → 'a'.
 * So a prompt that does not end in a lowercase letter is answered "abcdefghijklmnopqrstuvwxyz".
 *
 * Vocabulary (354 tokens, SentencePiece-style): <unk>, <s>, </s>, 256 byte tokens <0xXX>,
 * then the 95 printable ASCII characters (space written as "▁").
 */
import { TokenType } from './gguf-format.js';
import { EOS, llamaTokenizerMetadata } from './llama-tokenizer-metadata.js';
import type { GgufSpec, GgufTensorSpec, GgufValue } from './gguf-writer.js';

export type AlphabetVariant = 'tiny' | 'looping' | 'large' | 'malformed';

export interface AlphabetShape {
  embedding: number;
  layers: number;
  heads: number;
  feedForward: number;
  context: number;
  /** 'z' → 'a' instead of 'z' → EOS: the model never stops by itself. */
  looping: boolean;
  /** Leave out llama.attention.head_count (llama.cpp aborts the loading process). */
  omitHeadCount: boolean;
  name: string;
}

export const alphabetShapes: Record<AlphabetVariant, AlphabetShape> = {
  tiny: { embedding: 64, layers: 2, heads: 4, feedForward: 128, context: 2048, looping: false, omitHeadCount: false, name: 'alphabet-tiny' },
  looping: { embedding: 64, layers: 2, heads: 4, feedForward: 128, context: 2048, looping: true, omitHeadCount: false, name: 'alphabet-looping' },
  // ~111 MB of F32 weights: enough to make decode speed memory-bound like a real model.
  large: { embedding: 512, layers: 8, heads: 8, feedForward: 1536, context: 2048, looping: true, omitHeadCount: false, name: 'alphabet-large' },
  malformed: { embedding: 64, layers: 2, heads: 4, feedForward: 128, context: 2048, looping: false, omitHeadCount: true, name: 'alphabet-malformed' },
};

const FIRST_CHAR = 3 + 256;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

export function alphabetVocab(): { tokens: string[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
  }
  for (let c = 0x20; c <= 0x7e; c++) {
    tokens.push(c === 0x20 ? '\u2581' : String.fromCharCode(c));
    types.push(TokenType.normal);
  }
  return { tokens, types };
}

const letterToken = (i: number): number => FIRST_CHAR + (ALPHABET.charCodeAt(i) - 0x20);

/** Deterministic small pseudo-random weights (xorshift), so the projections that do not matter cost real compute. */
function noise(n: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = ((x >>> 0) / 0xffffffff - 0.5) * scale;
  }
  return out;
}

function tensors(shape: AlphabetShape, nVocab: number): GgufTensorSpec[] {
  const e = shape.embedding;
  const other = ALPHABET.length; // embedding direction shared by every non-letter token
  const out: GgufTensorSpec[] = [];
  out.push({
    name: 'token_embd.weight',
    dims: [e, nVocab],
    data: () => {
      const w = new Float32Array(e * nVocab);
      for (let t = 0; t < nVocab; t++) w[t * e + other] = 1;
      for (let i = 0; i < ALPHABET.length; i++) {
        const t = letterToken(i);
        w[t * e + other] = 0;
        w[t * e + i] = 1;
      }
      return w;
    },
  });
  out.push({ name: 'output_norm.weight', dims: [e], data: () => new Float32Array(e).fill(1) });
  out.push({
    name: 'output.weight',
    dims: [e, nVocab],
    data: () => {
      const w = new Float32Array(e * nVocab);
      w[letterToken(0) * e + other] = 1; // anything else → 'a'
      for (let i = 1; i < ALPHABET.length; i++) w[letterToken(i) * e + (i - 1)] = 1; // letter i-1 → letter i
      if (shape.looping) w[letterToken(0) * e + (ALPHABET.length - 1)] = 1; // 'z' → 'a'
      else w[EOS * e + (ALPHABET.length - 1)] = 1; // 'z' → EOS
      return w;
    },
  });
  const ff = shape.feedForward;
  for (let l = 0; l < shape.layers; l++) {
    const seed = 1000 + l * 16;
    out.push({ name: `blk.${l}.attn_norm.weight`, dims: [e], data: () => new Float32Array(e).fill(1) });
    out.push({ name: `blk.${l}.attn_q.weight`, dims: [e, e], data: () => noise(e * e, seed + 1, 0.02) });
    out.push({ name: `blk.${l}.attn_k.weight`, dims: [e, e], data: () => noise(e * e, seed + 2, 0.02) });
    out.push({ name: `blk.${l}.attn_v.weight`, dims: [e, e], data: () => noise(e * e, seed + 3, 0.02) });
    out.push({ name: `blk.${l}.attn_output.weight`, dims: [e, e], data: () => new Float32Array(e * e) });
    out.push({ name: `blk.${l}.ffn_norm.weight`, dims: [e], data: () => new Float32Array(e).fill(1) });
    out.push({ name: `blk.${l}.ffn_gate.weight`, dims: [e, ff], data: () => noise(e * ff, seed + 4, 0.02) });
    out.push({ name: `blk.${l}.ffn_up.weight`, dims: [e, ff], data: () => noise(e * ff, seed + 5, 0.02) });
    out.push({ name: `blk.${l}.ffn_down.weight`, dims: [ff, e], data: () => new Float32Array(ff * e) });
  }
  return out;
}

export function alphabetModelSpec(variant: AlphabetVariant): GgufSpec {
  const shape = alphabetShapes[variant];
  const { tokens, types } = alphabetVocab();
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: shape.name }],
    ['general.alignment', u32(32)],
    ['llama.context_length', u32(shape.context)],
    ['llama.embedding_length', u32(shape.embedding)],
    ['llama.block_count', u32(shape.layers)],
    ['llama.feed_forward_length', u32(shape.feedForward)],
    ['llama.attention.head_count', u32(shape.heads)],
    ['llama.attention.head_count_kv', u32(shape.heads)],
    ['llama.rope.dimension_count', u32(shape.embedding / shape.heads)],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ...llamaTokenizerMetadata(tokens, tokens.map(() => 0), types),
  ];
  const filtered = shape.omitHeadCount ? metadata.filter(([k]) => k !== 'llama.attention.head_count' && k !== 'llama.attention.head_count_kv') : metadata;
  return { metadata: filtered, tensors: tensors(shape, tokens.length) };
}

/** What the tiny model answers to a prompt that does not end in a lowercase letter. */
export const ALPHABET_OUTPUT = ALPHABET;
