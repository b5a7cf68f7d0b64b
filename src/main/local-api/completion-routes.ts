/**
 * POST /v1/chat/completions and /v1/completions: the body is validated and mapped (400 with `param`
 * when refused), then the reply is hijacked so the responder can stream or answer in one piece.
 */
import type { FastifyInstance } from 'fastify';
import { respondToCompletion } from './completion-responder.js';
import type { ResponderDeps } from './completion-responder.js';
import { chatRequest, completionRequest } from './request-mapping.js';

export function registerCompletionRoutes(app: FastifyInstance, deps: ResponderDeps): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const job = chatRequest(request.body);
    reply.hijack();
    await respondToCompletion(deps, reply.raw, 'chat', job);
  });
  app.post('/v1/completions', async (request, reply) => {
    const job = completionRequest(request.body);
    reply.hijack();
    await respondToCompletion(deps, reply.raw, 'text', job);
  });
}
