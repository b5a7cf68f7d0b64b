/**
 * Bounded reassembly of one framed message at a time (one message in flight per direction).
 * Memory held is the payload bytes received so far, never more than `maxBytes`; nothing a peer says
 * about length is trusted beyond that cap. Errors are typed FrameErrors and always release the buffer.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { decodeFrame } from './chunk-codec.js';
import { FrameError } from './frame-error.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
export const DEFAULT_REASSEMBLY_TIMEOUT_MS = 10_000;

export interface ReassemblerOptions {
  clock: Clock;
  /** Cap on payload bytes of one message (default 256 KiB). */
  maxBytes?: number;
  /** Inactivity timeout between chunks (default 10 s). */
  timeoutMs?: number;
  /** Called when a partial message is dropped for inactivity (the buffer is already released). */
  onTimeout?: (err: FrameError) => void;
}

export class Reassembler {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly onTimeout: ((err: FrameError) => void) | undefined;
  private total = 0;
  private chunks = new Map<number, Buffer>();
  private bytes = 0;
  private timer: TimerHandle | null = null;

  constructor(opts: ReassemblerOptions) {
    this.clock = opts.clock;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REASSEMBLY_TIMEOUT_MS;
    this.onTimeout = opts.onTimeout;
  }

  /** Payload bytes currently held. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  /** True while a message is partly received. */
  get inProgress(): boolean {
    return this.total > 0;
  }

  /**
   * Adds one frame. Returns the whole message when this frame completes it, else null.
   * Throws FrameError (and drops the partial message) on any violation.
   */
  push(frame: Uint8Array): Buffer | null {
    let decoded;
    try {
      decoded = decodeFrame(frame);
    } catch (err) {
      this.reset();
      throw err;
    }
    const { seq, total, payload } = decoded;
    if (this.total !== 0 && total !== this.total) {
      const was = this.total;
      this.reset();
      throw new FrameError('total-changed', `total changed from ${was} to ${total} mid-message`, { seq, was, total });
    }
    const existing = this.chunks.get(seq);
    if (existing) {
      if (existing.equals(payload)) {
        this.arm();
        return null;
      }
      this.reset();
      throw new FrameError('contradicting-chunk', `chunk ${seq} arrived twice with different bytes`, { seq, total });
    }
    if (this.bytes + payload.length > this.maxBytes) {
      const would = this.bytes + payload.length;
      this.reset();
      throw new FrameError('too-large', `message exceeds ${this.maxBytes} bytes`, { bytes: would, cap: this.maxBytes });
    }
    this.total = total;
    this.chunks.set(seq, Buffer.from(payload));
    this.bytes += payload.length;
    if (this.chunks.size < total) {
      this.arm();
      return null;
    }
    const parts: Buffer[] = [];
    for (let i = 0; i < total; i++) parts.push(this.chunks.get(i)!);
    const message = Buffer.concat(parts, this.bytes);
    this.reset();
    return message;
  }

  /** Drops any partial message (disconnect, cancel, error) and its timer. */
  reset(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.total = 0;
    this.bytes = 0;
    this.chunks = new Map();
  }

  private arm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      const err = new FrameError('timeout', `no chunk for ${this.timeoutMs} ms (${this.chunks.size}/${this.total} received)`, {
        received: this.chunks.size,
        total: this.total,
        ms: this.timeoutMs,
      });
      this.reset();
      this.onTimeout?.(err);
    }, this.timeoutMs);
  }
}
