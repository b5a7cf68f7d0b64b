/**
 * A llama-architecture model that writes given code (coder-programs.ts) for the coding loop's prompts,
 * so the whole loop runs on real llama.cpp. It is the alphabet model (alphabet-model.ts) plus:
 *
 * - Tokens for each program line (the code fence rides on the first and last line). Greedy decoding is
 *   a bigram chain over them: a line leads to the next, the last line to EOS.
 * - Tokens for each key (a task's key line such as `# task: sum-squares`, or an error line such as
 *   `NameError: name 'totl' is not defined`) and for the trigger `block.`, which ends the loop's write
 *   and fix prompts ("…in one ```python code block."). Every prefix of them is a token too, scored by
 *   its length, so llama.cpp's SentencePiece merges build the whole key out of single characters.
 * - One attention head: only the trigger queries, only keys answer, an error key more strongly than a
 *   task key. At the trigger, attention copies the key's program into the residual, and the output
 *   layer turns that into the program's first line. A fix prompt holds the task key and the error line,
 *   so it gets the fixed program; a write prompt holds only the task key, so it gets the first program.
 *   Any other prompt (the plan prompt, a chat) is answered with the alphabet, as the alphabet model does.
 *
 * RoPE: the query and key live in the head's last dimension pair, which rotates by ~1e-8 rad a position
 * with freq_base 1e8, so the match does not depend on how far back the key is.
 */
import { TokenType } from './gguf-format.js';
import { EOS, UNK, llamaTokenizerMetadata } from './llama-tokenizer-metadata.js';
import type { GgufSpec, GgufTensorSpec, GgufValue } from './gguf-writer.js';
import { answerPieces, CODER_PROGRAMS, type CoderProgram } from './coder-programs.js';

/** The last token of the coding loop's write and fix prompts. */
export const CODER_TRIGGER = 'block.';
export const CODER_MODEL_NAME = 'coder-tiny';

const E = 128; // embedding = the one head's size
const FF = 64;
const CONTEXT = 4096;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const QK = E - 2; // the slowest RoPE pair
const EDGE = 3; // output weight of one bigram edge
const SCORE = { task: 3, error: 6 }; // key weights: scores ~34 and ~68 against 0 for every other position

const spm = (s: string): string => s.replace(/ /g, '\u2581');

interface Layout {
  tokens: string[];
  types: number[];
  scores: number[];
  /** Residual dimension of each token (OTHER for most). */
  dimOf: number[];
  /** Output weights: [to token, from dim]. */
  edges: Array<[number, number]>;
  keys: Array<{ dim: number; weight: number; start: number }>;
  trigger: number;
}

const OTHER = 0;
const letterDim = (i: number): number => 1 + i;
const TRIGGER_DIM = 1 + ALPHABET.length;

function layout(programs: readonly CoderProgram[]): Layout {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control];
  const scores = [0, 0, 0];
  const index = new Map<string, number>();
  const add = (text: string, type: number, score: number): number => {
    const known = index.get(text);
    if (known !== undefined) return known;
    index.set(text, tokens.length);
    tokens.push(text);
    types.push(type);
    scores.push(score);
    return tokens.length - 1;
  };
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
    scores.push(0);
  }
  for (let c = 0x20; c <= 0x7e; c++) add(c === 0x20 ? '\u2581' : String.fromCharCode(c), TokenType.normal, 0);
  // Every prefix of a key or the trigger, so merges can grow it one character at a time.
  const chain = (text: string): number => {
    const chars = [...spm(text)];
    let id = -1;
    for (let n = 1; n <= chars.length; n++) id = add(chars.slice(0, n).join(''), TokenType.normal, n);
    return id;
  };
  const trigger = chain(CODER_TRIGGER);
  const keyTokens = programs.map((p) => chain(p.key));
  const dimOf = new Array<number>(tokens.length).fill(OTHER);
  const edges: Array<[number, number]> = [];
  const letterToken = (i: number): number => index.get(ALPHABET[i] ?? '') ?? UNK;
  for (let i = 0; i < ALPHABET.length; i++) {
    dimOf[letterToken(i)] = letterDim(i);
    edges.push([i + 1 < ALPHABET.length ? letterToken(i + 1) : EOS, letterDim(i)]);
  }
  edges.push([letterToken(0), OTHER]); // anything else → 'a'
  dimOf[trigger] = TRIGGER_DIM;
  edges.push([EOS, TRIGGER_DIM]); // a trigger with no key in the prompt: stop
  let dim = TRIGGER_DIM + 1;
  const keys: Layout['keys'] = [];
  programs.forEach((p, i) => {
    const keyDim = dim++;
    const start = dim++;
    const keyToken = keyTokens[i] ?? UNK;
    dimOf[keyToken] = keyDim;
    edges.push([letterToken(0), keyDim]); // a prompt ending in a key: the alphabet, like any other token
    keys.push({ dim: keyDim, weight: SCORE[p.keyKind], start });
    let from = start;
    for (const piece of answerPieces(p)) {
      const text = spm(piece);
      if (index.has(text)) throw new Error(`coder model: the line ${JSON.stringify(piece)} is already a token; make program lines unique`);
      const id = add(text, TokenType.normal, 0);
      dimOf[id] = dim;
      edges.push([id, from]);
      from = dim++;
    }
    edges.push([EOS, from]);
  });
  if (dim > QK) throw new Error(`coder model: ${dim} residual dimensions needed, ${QK} available`);
  return { tokens, types, scores, dimOf, edges, keys, trigger };
}

function tensors(l: Layout): GgufTensorSpec[] {
  const n = l.tokens.length;
  const matrix = (rows: number, cols: number, fill: (w: Float32Array) => void) => () => {
    const w = new Float32Array(rows * cols);
    fill(w);
    return w;
  };
  // [in, out] tensors: w[out * in + in_index].
  return [
    { name: 'token_embd.weight', dims: [E, n], data: matrix(E, n, (w) => l.dimOf.forEach((d, t) => void (w[t * E + d] = 1))) },
    { name: 'output_norm.weight', dims: [E], data: () => new Float32Array(E).fill(1) },
    { name: 'output.weight', dims: [E, n], data: matrix(E, n, (w) => l.edges.forEach(([to, from]) => void (w[to * E + from] = EDGE))) },
    { name: 'blk.0.attn_norm.weight', dims: [E], data: () => new Float32Array(E).fill(1) },
    { name: 'blk.0.attn_q.weight', dims: [E, E], data: matrix(E, E, (w) => void (w[QK * E + TRIGGER_DIM] = 1)) },
    { name: 'blk.0.attn_k.weight', dims: [E, E], data: matrix(E, E, (w) => l.keys.forEach((k) => void (w[QK * E + k.dim] = k.weight))) },
    // The value carries the key's program into the start dimension, which attn_output passes on.
    { name: 'blk.0.attn_v.weight', dims: [E, E], data: matrix(E, E, (w) => l.keys.forEach((k) => void (w[k.start * E + k.dim] = 1))) },
    { name: 'blk.0.attn_output.weight', dims: [E, E], data: matrix(E, E, (w) => l.keys.forEach((k) => void (w[k.start * E + k.start] = 1))) },
    { name: 'blk.0.ffn_norm.weight', dims: [E], data: () => new Float32Array(E).fill(1) },
    { name: 'blk.0.ffn_gate.weight', dims: [E, FF], data: () => new Float32Array(E * FF) },
    { name: 'blk.0.ffn_up.weight', dims: [E, FF], data: () => new Float32Array(E * FF) },
    { name: 'blk.0.ffn_down.weight', dims: [FF, E], data: () => new Float32Array(FF * E) },
  ];
}

export function coderModelSpec(programs: readonly CoderProgram[] = CODER_PROGRAMS): GgufSpec {
  const l = layout(programs);
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: CODER_MODEL_NAME }],
    ['general.alignment', u32(32)],
    ['llama.context_length', u32(CONTEXT)],
    ['llama.embedding_length', u32(E)],
    ['llama.block_count', u32(1)],
    ['llama.feed_forward_length', u32(FF)],
    ['llama.attention.head_count', u32(1)],
    ['llama.attention.head_count_kv', u32(1)],
    ['llama.rope.dimension_count', u32(E)],
    ['llama.rope.freq_base', { type: 'f32', value: 1e8 }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ...llamaTokenizerMetadata(l.tokens, l.scores, l.types),
  ];
  return { metadata, tensors: tensors(l) };
}
