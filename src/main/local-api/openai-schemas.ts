/**
 * The OpenAI request bodies the local API accepts, as zod schemas. Fields it does not implement and
 * that change nothing a client relies on (temperature, top_p, stop, seed, user…) are accepted and
 * dropped; fields it cannot honour are refused by request-mapping.ts with the parameter named.
 */
import { z } from 'zod';

const streamOptions = z.object({ include_usage: z.boolean().nullish() }).nullish();
const tokenCount = z.number().int().min(1).nullish();

const contentPart = z.object({ type: z.string().max(64), text: z.string().max(1_000_000).optional() });

export const chatMessageBodySchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  /** A string or text parts (Continue and Cline send parts); null for an assistant turn that only called tools. */
  content: z.union([z.string().max(1_000_000), z.array(contentPart).max(1000)]).nullish(),
  name: z.string().max(256).optional(),
});

export const chatCompletionBodySchema = z.object({
  model: z.string().min(1).max(256),
  messages: z.array(chatMessageBodySchema).min(1).max(1000),
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  max_tokens: tokenCount,
  max_completion_tokens: tokenCount,
  n: z.number().int().min(1).nullish(),
  tools: z.array(z.unknown()).max(512).nullish(),
  tool_choice: z.union([z.string().max(64), z.object({ type: z.string() }).loose()]).nullish(),
  response_format: z.object({ type: z.string().max(64) }).loose().nullish(),
  logprobs: z.boolean().nullish(),
});
export type ChatCompletionBody = z.infer<typeof chatCompletionBodySchema>;

export const completionBodySchema = z.object({
  model: z.string().min(1).max(256),
  prompt: z.union([z.string().max(1_000_000), z.array(z.string().max(1_000_000)).min(1).max(1000)]),
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  max_tokens: tokenCount,
  n: z.number().int().min(1).nullish(),
  best_of: z.number().int().min(1).nullish(),
  echo: z.boolean().nullish(),
  suffix: z.string().max(1_000_000).nullish(),
  logprobs: z.number().int().min(0).nullish(),
});
export type CompletionBody = z.infer<typeof completionBodySchema>;

/** zod's path as OpenAI names a parameter: `messages[0].content`. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}
