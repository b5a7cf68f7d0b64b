/**
 * Answers one chat or text completion: runs the job through the CompletionRunner, aborts it when the
 * client disconnects, and replies in one JSON body or as a stream whose headers go out with the first
 * token, once the device that really serves it is known.
 */
import type { ServerResponse } from 'node:http';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { RouteAbortedError } from '../routing/route-errors.js';
import type { CompletionOutcome, CompletionRunner, TokenSource } from '../routing/route-types.js';
import { toApiError } from './api-errors.js';
import type { ApiError } from './api-errors.js';
import { chunk, fullResponse, usageChunk } from './openai-shapes.js';
import type { ApiKind, ResponseMeta } from './openai-shapes.js';
import type { ApiRequest } from './request-mapping.js';
import { servedHeaders } from './served-headers.js';
import { SseWriter } from './sse-writer.js';

export interface ResponderDeps {
  runner: CompletionRunner;
  clock: Clock;
  logger: Logger;
  newId: () => string;
  /** Overall deadline of one request (all attempts); the runner's default when absent. */
  timeoutMs?: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, error.body(), error.headers());
}

/** Aborts `controller` when the response's connection closes before the answer was written. */
function abortOnDisconnect(res: ServerResponse, controller: AbortController): () => void {
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(new RouteAbortedError('The client disconnected.'));
  };
  res.on('close', onClose);
  return () => res.off('close', onClose);
}

/** Writes the whole answer to `res` (the route has hijacked the reply); never throws. */
export async function respondToCompletion(deps: ResponderDeps, res: ServerResponse, kind: ApiKind, request: ApiRequest): Promise<void> {
  const meta: ResponseMeta = { kind, id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${deps.newId()}`, created: Math.floor(deps.clock.now() / 1000), model: request.model };
  const controller = new AbortController();
  const detach = abortOnDisconnect(res, controller);
  const sse = request.stream ? new SseWriter(res) : null;
  const held: string[] = [];
  const open = (source: TokenSource): void => {
    if (!sse || sse.isOpen) return;
    sse.open(servedHeaders(source));
    sse.send(chunk(meta, { role: kind === 'chat', text: '' }));
    for (const text of held.splice(0)) sse.send(chunk(meta, { text }));
  };
  const onToken = (text: string, source?: TokenSource): void => {
    if (!sse || controller.signal.aborted) return;
    // Headers, the opening chunk and the first text leave in one packet (the first token's latency).
    res.cork();
    if (source) open(source);
    if (sse.isOpen) sse.send(chunk(meta, { text }));
    else held.push(text);
    res.uncork();
  };
  let outcome: CompletionOutcome;
  try {
    outcome = await deps.runner.run({
      input: request.input,
      maxTokens: request.maxTokens,
      model: request.model,
      source: 'local-api',
      signal: controller.signal,
      onToken,
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
  } catch (err) {
    detach();
    const error = toApiError(controller.signal.aborted ? controller.signal.reason : err, kind === 'chat' ? 'messages' : 'prompt');
    deps.logger.log(error.status >= 500 ? 'warn' : 'info', 'local-api.failed', { status: error.status, code: error.code, message: error.message });
    if (sse?.isOpen) sse.fail(error.body());
    else sendError(res, error);
    return;
  }
  detach();
  if (controller.signal.aborted) return;
  const source: TokenSource = { servedBy: outcome.servedBy, terms: outcome.terms };
  if (!sse) {
    sendJson(res, 200, fullResponse(meta, outcome), servedHeaders(source));
    return;
  }
  open(source);
  sse.send(chunk(meta, { finish: outcome.finishReason }));
  if (request.includeUsage) sse.send(usageChunk(meta, outcome));
  sse.done();
}
