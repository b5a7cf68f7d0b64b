import { z } from 'zod';
import { ActivityKindSchema } from './snapshot.js';

/**
 * Something the user should notice now (network lost or back, a sync's result): the dashboard shows a
 * toast, the Electron shell an OS notification, and Activity keeps a line of it either way.
 */
export const NoticeSchema = z.object({
  /** Increasing per launch (the dashboard keys its toasts by it). */
  id: z.number().int().nonnegative(),
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  kind: ActivityKindSchema,
  title: z.string(),
  body: z.string(),
});
export type Notice = z.infer<typeof NoticeSchema>;
