import { MAX_CHUNK_BYTES, encodeFrames } from '../protocol/chunk-codec.js';
import type { Subscriber } from './central-session.js';

export type NotifyOutcome = 'sent' | 'no-subscriber' | 'closed' | 'too-small';

/**
 * Notifies one framed message in chunks of the subscriber's maxValueSize (capped at 512), reading the
 * current subscription before each chunk so an unsubscribe or disconnect stops it. Yields to the event
 * loop every `yieldEvery` chunks.
 */
export async function notifyFramed(
  message: Buffer,
  current: () => Subscriber | null,
  isOpen: () => boolean,
  onChunk: () => void,
  yieldEvery = 16,
): Promise<NotifyOutcome> {
  const first = current();
  if (!first) return 'no-subscriber';
  const chunkSize = Math.min(MAX_CHUNK_BYTES, first.maxValueSize);
  if (chunkSize <= 4) return 'too-small';
  const frames = encodeFrames(message, chunkSize);
  for (let i = 0; i < frames.length; i++) {
    if (!isOpen()) return 'closed';
    const sub = current();
    if (!sub) return 'no-subscriber';
    sub.update(frames[i]!);
    onChunk();
    if (i % yieldEvery === yieldEvery - 1) await new Promise<void>((r) => setImmediate(r));
  }
  return 'sent';
}
