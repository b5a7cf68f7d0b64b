/**
 * From a validated OpenAI body to the job the router runs: what is refused (and why, with `param`),
 * what is ignored, and the max_tokens default and cap.
 */
import type { z } from 'zod';
import type { ChatMessage, TaskInput } from '../inference/host-protocol.js';
import { badRequest } from './api-errors.js';
import { chatCompletionBodySchema, completionBodySchema, paramName } from './openai-schemas.js';
import type { ChatCompletionBody, CompletionBody } from './openai-schemas.js';

/** Without max_tokens a request gets this many: enough for a code answer, small enough to fit most contexts. */
export const DEFAULT_MAX_TOKENS = 512;
/** Above this max_tokens is refused: no model this app serves has a larger context. */
export const MAX_TOKENS_CAP = 32_768;

export interface ApiRequest {
  model: string;
  input: TaskInput;
  maxTokens: number;
  stream: boolean;
  includeUsage: boolean;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a JSON object.', null);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? paramName(issue.path) : null;
  throw badRequest(`Invalid ${param ?? 'body'}: ${issue?.message ?? 'unknown problem'}.`, param || null, 'invalid_value');
}

function maxTokens(value: number | null | undefined, param: string): number {
  if (value == null) return DEFAULT_MAX_TOKENS;
  if (value > MAX_TOKENS_CAP) throw badRequest(`${param} may be at most ${MAX_TOKENS_CAP}.`, param, 'invalid_value');
  return value;
}

function onlyOne(n: number | null | undefined, param: string): void {
  if (n != null && n > 1) throw badRequest(`${param} > 1 is not supported: ask once per answer.`, param, 'unsupported_value');
}

function stream(body: { stream?: boolean | null | undefined; stream_options?: { include_usage?: boolean | null | undefined } | null | undefined }): Pick<ApiRequest, 'stream' | 'includeUsage'> {
  const on = body.stream === true;
  if (!on && body.stream_options != null) throw badRequest('stream_options is only allowed with stream: true.', 'stream_options');
  return { stream: on, includeUsage: on && body.stream_options?.include_usage === true };
}

function messageText(content: ChatCompletionBody['messages'][number]['content'], index: number): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, p) => {
      if (part.type !== 'text' || part.text === undefined) {
        throw badRequest(`Only text content is supported (got "${part.type}").`, `messages[${index}].content[${p}]`, 'unsupported_value');
      }
      return part.text;
    })
    .join('');
}

/**
 * Tools: accepted and ignored when the model may answer in text (`tool_choice` absent, "auto" or "none"),
 * since agents such as Continue send their tool list on every chat; the answer never holds tool_calls.
 * A forced tool call cannot be honoured, so it is refused rather than silently answered in text.
 */
export function chatRequest(raw: unknown): ApiRequest {
  const body = parse(chatCompletionBodySchema, raw);
  onlyOne(body.n, 'n');
  const choice = body.tool_choice;
  if (choice != null && choice !== 'auto' && choice !== 'none') throw badRequest('Forced tool calls are not supported; use tool_choice "auto" or "none".', 'tool_choice', 'unsupported_value');
  if (body.response_format && body.response_format.type !== 'text') throw badRequest('Only response_format {"type": "text"} is supported.', 'response_format.type', 'unsupported_value');
  if (body.logprobs) throw badRequest('logprobs are not supported.', 'logprobs', 'unsupported_value');
  if (body.max_tokens != null && body.max_completion_tokens != null) throw badRequest('Give max_tokens or max_completion_tokens, not both.', 'max_completion_tokens');
  const messages: ChatMessage[] = body.messages.map((m, i) => {
    if (m.role === 'tool' || m.role === 'function') throw badRequest('Tool results are not supported (this server never calls tools).', `messages[${i}].role`, 'unsupported_value');
    return { role: m.role === 'developer' ? 'system' : m.role, content: messageText(m.content, i) };
  });
  if (messages.at(-1)?.role !== 'user') throw badRequest('The last message must come from the user.', `messages[${messages.length - 1}].role`, 'invalid_value');
  const limit = body.max_completion_tokens != null ? maxTokens(body.max_completion_tokens, 'max_completion_tokens') : maxTokens(body.max_tokens, 'max_tokens');
  return { model: body.model, input: { messages }, maxTokens: limit, ...stream(body) };
}

export function completionRequest(raw: unknown): ApiRequest {
  const body: CompletionBody = parse(completionBodySchema, raw);
  onlyOne(body.n, 'n');
  onlyOne(body.best_of, 'best_of');
  if (body.echo) throw badRequest('echo is not supported.', 'echo', 'unsupported_value');
  if (body.suffix) throw badRequest('suffix (fill-in-the-middle) is not supported.', 'suffix', 'unsupported_value');
  if (body.logprobs != null) throw badRequest('logprobs are not supported.', 'logprobs', 'unsupported_value');
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
  if (prompts.length !== 1) throw badRequest('Send one prompt per request.', 'prompt', 'unsupported_value');
  return { model: body.model, input: { prompt: prompts[0] ?? '' }, maxTokens: maxTokens(body.max_tokens, 'max_tokens'), ...stream(body) };
}
