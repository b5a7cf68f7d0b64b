/**
 * Every failure of the local API as OpenAI's error body `{error: {message, type, param, code}}` with its
 * HTTP status, and the route errors mapped to it: the reason stays in words, Retry-After where waiting
 * helps.
 */
import type { FastifyReply } from 'fastify';
import { RouteError } from '../routing/route-errors.js';
import type { AnyRouteError } from '../routing/route-errors.js';

export type ApiErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'api_error' | 'timeout_error';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly type: ApiErrorType,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
  }

  body(): { error: { message: string; type: ApiErrorType; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  headers(): Record<string, string> {
    return this.retryAfterSec === null ? {} : { 'retry-after': String(Math.max(1, Math.ceil(this.retryAfterSec))) };
  }
}

export const badRequest = (message: string, param: string | null, code = 'invalid_request'): ApiError =>
  new ApiError(400, message, 'invalid_request_error', code, param);

/** What a thrown error means to the client. Anything unforeseen is a 500 that still says what happened. */
export function toApiError(err: unknown, promptParam: 'messages' | 'prompt' = 'messages'): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof RouteError) return routeApiError(err as AnyRouteError, promptParam);
  return new ApiError(500, `The request failed: ${err instanceof Error ? err.message : String(err)}`, 'api_error', 'internal_error');
}

/** Each kind of route error as its HTTP answer (the switch is exhaustive: a new kind needs its status here). */
function routeApiError(err: AnyRouteError, promptParam: 'messages' | 'prompt'): ApiError {
  switch (err.kind) {
    case 'no-device': return new ApiError(503, err.message, 'api_error', 'no_device', null, err.retryAfterSec);
    case 'busy': return new ApiError(429, err.message, 'rate_limit_error', 'queue_full', null, err.retryAfterSec);
    case 'unknown-model': return new ApiError(404, err.message, 'not_found_error', 'model_not_found', 'model');
    case 'deadline': return new ApiError(504, err.message, 'timeout_error', 'deadline_exceeded');
    case 'context-too-long': return new ApiError(400, err.message, 'invalid_request_error', 'context_length_exceeded', promptParam);
    case 'aborted': return new ApiError(499, err.message, 'api_error', 'client_closed');
  }
}

/** Fastify's own failures (body parsing, size) in the same shape. */
export function frameworkError(err: { statusCode?: number; code?: string; message: string }): ApiError {
  const status = err.statusCode ?? 500;
  if (status === 413) return new ApiError(413, 'The request body is larger than 1 MiB.', 'invalid_request_error', 'request_too_large');
  if (status === 415) return new ApiError(415, 'Send the body as application/json.', 'invalid_request_error', 'unsupported_media_type');
  if (status === 400) return new ApiError(400, `The body is not valid JSON: ${err.message}`, 'invalid_request_error', 'invalid_json');
  return toApiError(err);
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).headers(error.headers()).send(error.body());
}
