/** Bluetooth Local profile messages (seed 004): raw JSON, the desktop is the central. */
import { z } from 'zod';
import { messageIdSchema } from './mesh-schemas.js';

/** Characteristic …0002 (write): Mac → phone. */
export const localRequestSchema = z.object({
  id: messageIdSchema,
  prompt: z.string().max(200_000),
  maxTokens: z.number().int().min(1).max(32_768).default(512),
});
export type LocalRequest = z.output<typeof localRequestSchema>;

/** Characteristic …0003 (notify/read): phone → Mac; `id` must match the request. */
export const localResponseSchema = z.object({
  id: messageIdSchema,
  output: z.string().max(1_000_000).default(''),
  ok: z.boolean(),
  durationMs: z.number().finite().min(0).max(86_400_000).default(0),
});
export type LocalResponse = z.output<typeof localResponseSchema>;

/** Characteristic …0004 (notify/read): the phone's model and battery. */
export const localStatusSchema = z.object({
  modelState: z.string().min(1).max(64),
  batteryPct: z.number().finite().min(0).max(100).default(100),
});
export type LocalStatus = z.output<typeof localStatusSchema>;
