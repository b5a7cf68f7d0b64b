/**
 * The OpenAI response bodies: chat.completion / text_completion answers, their streamed chunks and the
 * usage chunk, for one request (its id, creation time and model name fixed up front).
 */
import type { CompletionOutcome } from '../routing/route-types.js';

export type ApiKind = 'chat' | 'text';

export interface ResponseMeta {
  kind: ApiKind;
  id: string;
  /** Seconds since the epoch. */
  created: number;
  model: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export const usageOf = (o: Pick<CompletionOutcome, 'promptTokens' | 'completionTokens'>): Usage => ({
  prompt_tokens: o.promptTokens,
  completion_tokens: o.completionTokens,
  total_tokens: o.promptTokens + o.completionTokens,
});

export function fullResponse(meta: ResponseMeta, outcome: CompletionOutcome): Record<string, unknown> {
  const usage = usageOf(outcome);
  if (meta.kind === 'chat') {
    return {
      id: meta.id,
      object: 'chat.completion',
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, message: { role: 'assistant', content: outcome.output, refusal: null }, logprobs: null, finish_reason: outcome.finishReason }],
      usage,
    };
  }
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, text: outcome.output, logprobs: null, finish_reason: outcome.finishReason }],
    usage,
  };
}

/** One streamed piece: text, the opening role (chat), or the closing finish_reason. */
export function chunk(meta: ResponseMeta, delta: { text?: string; role?: boolean; finish?: 'stop' | 'length' }): Record<string, unknown> {
  const finish = delta.finish ?? null;
  if (meta.kind === 'chat') {
    const d: Record<string, string> = {};
    if (delta.role) d.role = 'assistant';
    if (delta.text !== undefined) d.content = delta.text;
    return { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [{ index: 0, delta: d, logprobs: null, finish_reason: finish }] };
  }
  return { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model, choices: [{ index: 0, text: delta.text ?? '', logprobs: null, finish_reason: finish }] };
}

/** The last chunk when stream_options.include_usage is set: no choices, the usage. */
export function usageChunk(meta: ResponseMeta, outcome: CompletionOutcome): Record<string, unknown> {
  const object = meta.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  return { id: meta.id, object, created: meta.created, model: meta.model, choices: [], usage: usageOf(outcome) };
}
