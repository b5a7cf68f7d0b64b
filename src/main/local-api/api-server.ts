/**
 * The local OpenAI-compatible HTTP server, on 127.0.0.1 only. Fastify (a maintained framework, already
 * a dependency) is used for what it saves us writing and testing ourselves: body size limits with 413,
 * JSON parsing with clean 400s, routing, hooks that run before the body is read, and closing
 * keep-alive connections on stop. Streaming answers bypass it (hijacked replies) to write SSE directly.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { CompletionRunner } from '../routing/route-types.js';
import { ApiError, frameworkError, sendApiError } from './api-errors.js';
import { checkApiKey, checkHostAndOrigin } from './api-guard.js';
import { registerCompletionRoutes } from './completion-routes.js';
import { registerModelRoutes } from './models-route.js';

/** Request bodies above this are answered 413. */
export const BODY_LIMIT_BYTES = 1 << 20;

export interface LocalApiServerOptions {
  runner: CompletionRunner;
  /** Checks a bearer key (timing-safe). */
  keyMatches: (key: string) => boolean;
  clock: Clock;
  logger: Logger;
  newId?: () => string;
  /** Overall deadline of one request; the runner's default when absent. */
  timeoutMs?: number;
}

export interface LocalApiServer {
  /** Listens on 127.0.0.1:`port` (0 = a free port) and resolves with the port. */
  listen(port: number): Promise<number>;
  close(): Promise<void>;
  readonly app: FastifyInstance;
}

export function createLocalApiServer(opts: LocalApiServerOptions): LocalApiServer {
  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES, logger: false, forceCloseConnections: true });
  let port = 0;

  // Runs before the body is read: a foreign Host or Origin, or a wrong key, never gets parsed.
  app.addHook('onRequest', async (request, reply) => {
    const refusal = checkHostAndOrigin(request.headers, port) ?? checkApiKey(request.headers, opts.keyMatches);
    if (refusal) return sendApiError(reply, refusal);
    return undefined;
  });
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const error = frameworkError(err);
    if (error.status >= 500) opts.logger.log('error', 'local-api.error', { message: err.message });
    return sendApiError(reply, error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendApiError(reply, new ApiError(404, `There is no ${request.method} ${request.url.split('?')[0] ?? ''} here; the API is under /v1 (models, chat/completions, completions).`, 'not_found_error', 'unknown_url')),
  );

  registerModelRoutes(app, opts.runner, opts.clock);
  registerCompletionRoutes(app, {
    runner: opts.runner,
    clock: opts.clock,
    logger: opts.logger,
    newId: opts.newId ?? (() => randomUUID().replaceAll('-', '')),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });

  return {
    app,
    async listen(wanted) {
      await app.listen({ port: wanted, host: '127.0.0.1' });
      port = (app.server.address() as AddressInfo).port;
      return port;
    },
    async close() {
      await app.close();
    },
  };
}
