/**
 * Bluetooth Local framing (seed 004): a message is raw UTF-8 JSON cut into slices of at most 512 bytes
 * (the sender spaces them 10 ms apart with its injected clock). The receiver knows a message is complete
 * when its buffer parses as JSON carrying the expected id. Size and inactivity are bounded here.
 */
import type { z } from 'zod';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { FrameError } from './frame-error.js';
import { decodeJsonMessage } from './json-message.js';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_REASSEMBLY_TIMEOUT_MS } from './reassembler.js';

export const LOCAL_SLICE_BYTES = 512;
/** Pause between slices the seed's iPhone uses; senders honour it with their clock. */
export const LOCAL_SLICE_SPACING_MS = 10;

/** Cuts a JSON message into slices of at most `sliceBytes` (a slice may split a UTF-8 sequence). */
export function encodeLocalSlices(json: Uint8Array | string, sliceBytes = LOCAL_SLICE_BYTES): Buffer[] {
  if (!Number.isInteger(sliceBytes) || sliceBytes < 1) throw new RangeError(`slice size must be a positive integer, got ${sliceBytes}`);
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  const slices: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += sliceBytes) slices.push(Buffer.from(bytes.subarray(at, at + sliceBytes)));
  return slices;
}

export interface LocalAccumulatorOptions<S extends z.ZodType> {
  clock: Clock;
  schema: S;
  /** Name used in errors ("local response"). */
  what: string;
  maxBytes?: number;
  timeoutMs?: number;
  onTimeout?: (err: FrameError) => void;
}

export class LocalAccumulator<S extends z.ZodType<object>> {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  private parts: Buffer[] = [];
  private bytes = 0;
  private timer: TimerHandle | null = null;
  private expected: string | undefined;
  /** Last non-whitespace byte seen, across slices: only a closing brace can end a JSON object. */
  private lastSignificant = 0;

  constructor(private readonly opts: LocalAccumulatorOptions<S>) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REASSEMBLY_TIMEOUT_MS;
  }

  get bufferedBytes(): number {
    return this.bytes;
  }

  /** Sets the id the next message must carry (undefined: any id, e.g. status). Drops partial data. */
  expect(id: string | undefined): void {
    this.reset();
    this.expected = id;
  }

  /** Adds a slice; returns the validated message once the buffer is complete JSON, else null. */
  push(slice: Uint8Array): z.output<S> | null {
    if (this.bytes + slice.length > this.maxBytes) {
      const would = this.bytes + slice.length;
      this.reset();
      throw new FrameError('too-large', `${this.opts.what} exceeds ${this.maxBytes} bytes`, { bytes: would, cap: this.maxBytes });
    }
    this.parts.push(Buffer.from(slice));
    this.bytes += slice.length;
    this.lastSignificant = lastSignificantByte(slice) ?? this.lastSignificant;
    if (this.lastSignificant !== 0x7d) {
      this.arm();
      return null;
    }
    const buf = Buffer.concat(this.parts, this.bytes);
    let text: unknown;
    try {
      text = JSON.parse(buf.toString('utf8'));
    } catch {
      this.parts = [buf];
      this.arm();
      return null;
    }
    this.reset();
    if (typeof text !== 'object' || text === null || Array.isArray(text)) {
      throw new FrameError('invalid-message', `${this.opts.what} is not a JSON object`);
    }
    const message = decodeJsonMessage(this.opts.schema, buf, this.opts.what);
    const id = (message as { id?: unknown }).id;
    if (this.expected !== undefined && id !== this.expected) {
      throw new FrameError('unexpected-id', `${this.opts.what} carries id ${String(id)}, expected ${this.expected}`, {
        id: String(id),
        expected: this.expected,
      });
    }
    return message;
  }

  /** Drops partial data and the inactivity timer. */
  reset(): void {
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
    this.parts = [];
    this.bytes = 0;
    this.lastSignificant = 0;
  }

  private arm(): void {
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      const held = this.bytes;
      this.reset();
      this.opts.onTimeout?.(new FrameError('timeout', `${this.opts.what} incomplete after ${this.timeoutMs} ms idle`, { bytes: held }));
    }, this.timeoutMs);
  }
}

function lastSignificantByte(slice: Uint8Array): number | undefined {
  for (let i = slice.length - 1; i >= 0; i--) {
    const c = slice[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return undefined;
}
