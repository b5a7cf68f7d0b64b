import { z } from 'zod';
import { EnvelopeSchema } from './contract.js';

/**
 * The WebSocket bridge's wire format: the same contract as Electron IPC, as JSON messages.
 * Client → server: invoke. Server → client: the call's envelope, or an event.
 */
export const WsClientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  op: z.string().max(100),
  args: z.unknown(),
});

export const WsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;

/** Close code when the access token is missing or wrong (4000 + HTTP 401). */
export const WS_CLOSE_UNAUTHORIZED = 4401;
export const WS_PATH = '/ws';
