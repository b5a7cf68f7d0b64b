/**
 * A live connection to one inference host process, independent of how it was started.
 * A HostTransport starts a fresh host process and returns its channel; the engine calls it again
 * to restart a host that died.
 */
import type { ParentToHost } from './host-protocol.js';

export interface HostExit {
  code: number | null;
  signal: string | null;
  /** Last lines the host wrote to stderr (llama.cpp prints its assertion there before aborting). */
  stderrTail: string;
}

export interface HostChannel {
  readonly pid: number | undefined;
  send(msg: ParentToHost): void;
  /** Raw messages from the host; the engine validates them. */
  onMessage(fn: (msg: unknown) => void): void;
  /** Called once when the process is gone (exit, crash or failure to spawn). */
  onExit(fn: (exit: HostExit) => void): void;
  kill(): void;
}

export type HostTransport = () => HostChannel;

/** Keeps the last `max` characters written to a stream, for crash reports. */
export class TailBuffer {
  private text = '';
  constructor(private readonly max = 4096) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }
  get value(): string {
    return this.text.trim();
  }
}
