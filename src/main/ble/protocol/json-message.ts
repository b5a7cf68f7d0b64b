/** JSON ⇄ bytes at the BLE boundary: every peer message is UTF-8 JSON validated by a zod schema. */
import type { z } from 'zod';
import { FrameError } from './frame-error.js';

/** Serialises a message as UTF-8 JSON bytes (after checking it against its schema). */
export function encodeJsonMessage<S extends z.ZodType>(schema: S, value: z.input<S>): Buffer {
  const checked = schema.parse(value);
  return Buffer.from(JSON.stringify(checked), 'utf8');
}

/**
 * Parses peer bytes as JSON and validates them. Throws FrameError `bad-json` or `invalid-message`
 * (with the first issue path) so callers can log and count the reason.
 */
export function decodeJsonMessage<S extends z.ZodType>(schema: S, bytes: Uint8Array, what: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new FrameError('bad-json', `${what} is not valid JSON`, { bytes: bytes.length });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new FrameError('invalid-message', `${what}: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`, { path });
  }
  return result.data;
}
