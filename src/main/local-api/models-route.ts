/**
 * GET /v1/models and /v1/models/:id: `auto` (the router chooses) and every model a device can serve now.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { CompletionRunner, ModelOffer } from '../routing/route-types.js';
import { ApiError, sendApiError } from './api-errors.js';

function modelObject(offer: ModelOffer, created: number): Record<string, unknown> {
  // served_by is ours: who would answer this model now (OpenAI clients ignore unknown fields).
  return { id: offer.id, object: 'model', created, owned_by: 'edgecoder', served_by: offer.servedBy };
}

export function registerModelRoutes(app: FastifyInstance, runner: CompletionRunner, clock: Clock): void {
  app.get('/v1/models', async () => {
    const created = Math.floor(clock.now() / 1000);
    return { object: 'list', data: runner.models().map((m) => modelObject(m, created)) };
  });
  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request, reply) => {
    const offer = runner.models().find((m) => m.id === request.params.id);
    if (!offer) return sendApiError(reply, new ApiError(404, `The model "${request.params.id}" is not served now.`, 'not_found_error', 'model_not_found', 'model'));
    return modelObject(offer, Math.floor(clock.now() / 1000));
  });
}
