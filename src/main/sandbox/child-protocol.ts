/**
 * The lines the sandbox child writes on stdout (one JSON object a line), checked on arrival: the parent
 * trusts nothing from the child's side beyond these shapes.
 */
import { z } from 'zod';

export const ChildReadySchema = z.object({ type: z.literal('ready'), cpuSeconds: z.number(), rssBytes: z.number() });
export const ChildFailedSchema = z.object({ type: z.literal('failed'), message: z.string() });

export const ChildResultSchema = z.object({
  type: z.literal('result'),
  id: z.number(),
  exitCode: z.number().int().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  missingModule: z.string().nullable(),
  /** The interpreter itself failed (a JavaScript error out of Pyodide or QuickJS). */
  crash: z.string().nullable(),
  timedOut: z.boolean(),
  outputCut: z.boolean(),
  memoryRefused: z.boolean(),
  cpuSeconds: z.number(),
  durationMs: z.number(),
  rssBytes: z.number(),
});
export type ChildResult = z.infer<typeof ChildResultSchema>;

export const ChildMessageSchema = z.discriminatedUnion('type', [ChildReadySchema, ChildFailedSchema, ChildResultSchema]);
export type ChildMessage = z.infer<typeof ChildMessageSchema>;

export function parseChildLine(line: string): ChildMessage | null {
  try {
    const parsed = ChildMessageSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
