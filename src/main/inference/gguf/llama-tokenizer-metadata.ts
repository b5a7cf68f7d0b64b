/**
 * The tokenizer keys of a generated llama-architecture model (SentencePiece-style: unknown, BOS and EOS
 * at ids 0, 1, 2; BOS added, EOS not, no space prefix), shared by the alphabet and coder models.
 */
import type { GgufValue } from './gguf-writer.js';

export const UNK = 0;
export const BOS = 1;
export const EOS = 2;

export function llamaTokenizerMetadata(tokens: readonly string[], scores: readonly number[], types: readonly number[]): Array<[string, GgufValue]> {
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  return [
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', values: tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', values: scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', values: types }],
    ['tokenizer.ggml.unknown_token_id', u32(UNK)],
    ['tokenizer.ggml.bos_token_id', u32(BOS)],
    ['tokenizer.ggml.eos_token_id', u32(EOS)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
  ];
}
