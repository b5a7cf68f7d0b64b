/**
 * Server-sent events on a raw Node response: headers once (when the serving device is known), one
 * `data:` line a chunk, `data: [DONE]` at the end. Writes after the client went away are dropped.
 */
import type { ServerResponse } from 'node:http';

export class SseWriter {
  private opened = false;

  constructor(private readonly res: ServerResponse) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /** The client is gone (or the stream already ended): nothing more can be written. */
  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  open(headers: Record<string, string>): void {
    if (this.opened || this.closed) return;
    this.opened = true;
    this.res.socket?.setNoDelay(true);
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
  }

  send(data: unknown): void {
    if (!this.opened || this.closed) return;
    this.res.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream with the `[DONE]` sentinel OpenAI clients wait for. */
  done(): void {
    if (!this.opened || this.closed) return;
    this.res.end('data: [DONE]\n\n');
  }

  /** Ends a stream that failed after it had started: the error as a chunk, no [DONE]. */
  fail(body: unknown): void {
    if (!this.opened || this.closed) return;
    this.res.end(`data: ${JSON.stringify(body)}\n\n`);
  }
}
