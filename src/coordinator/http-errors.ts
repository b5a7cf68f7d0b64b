/** JSON error replies of the reference coordinator, and zod body parsing that maps to 400. */
import type { z } from 'zod';
import type { Caller } from './caller-auth.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, readonly reason?: string) {
    super(code);
  }
}

/** A POST route: the parsed JSON body and who is calling (checked by the route: it knows what it needs). */
export type RouteHandler = (body: unknown, caller: Caller) => unknown | Promise<unknown>;

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, 'bad_request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data as z.infer<S>;
}
