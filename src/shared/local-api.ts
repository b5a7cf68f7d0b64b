import { z } from 'zod';

/** The dashboard's view of the local API for IDEs: where it listens, its key, whether it runs and why not. */
export const LocalApiInfoSchema = z.object({
  /** http://127.0.0.1:<port>/v1, or null when not running. */
  baseUrl: z.string().nullable(),
  port: z.number().int().min(0).max(65535).nullable(),
  /** Stable across launches (unlike the dashboard token); regenerable. */
  key: z.string(),
  state: z.enum(['running', 'failed', 'stopped']),
  /** Why it is not running (a busy port…), in words. */
  error: z.string().nullable(),
});
export type LocalApiInfoView = z.infer<typeof LocalApiInfoSchema>;
