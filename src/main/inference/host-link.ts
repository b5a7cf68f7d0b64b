/**
 * One running host process seen from the app: validates every message it sends, routes them to the
 * pending request with the same id, and when the process dies rejects all of them with a
 * HostCrashedError that says why (exit code, signal, llama.cpp's last stderr line).
 */
import { hostToParentSchema } from './host-protocol.js';
import type { HostToParent, ParentToHost } from './host-protocol.js';
import type { HostChannel, HostExit, HostTransport } from './host-channel.js';

export class HostCrashedError extends Error {
  override readonly name = 'HostCrashedError';
  constructor(readonly exit: HostExit) {
    super(describeExit(exit));
  }
}

export function describeExit(exit: HostExit): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
  const lastLine = exit.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean).pop();
  return `inference host ${how}${lastLine ? ` (${lastLine.slice(0, 300)})` : ''}`;
}

export interface PendingHandlers {
  onMessage(msg: HostToParent): 'settled' | 'continue';
  onCrash(err: HostCrashedError): void;
}

export class HostLink {
  private readonly channel: HostChannel;
  private readonly pending = new Map<string, PendingHandlers>();
  readonly ready: Promise<void>;
  /** Settles when the process is gone. */
  readonly closed: Promise<HostExit>;
  exited: HostExit | null = null;

  constructor(transport: HostTransport, onExit: (exit: HostExit) => void, onInvalid: (detail: string) => void) {
    this.channel = transport();
    let markReady: () => void = () => undefined;
    let failReady: (err: unknown) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined);
    let markClosed: (exit: HostExit) => void = () => undefined;
    this.closed = new Promise<HostExit>((resolve) => {
      markClosed = resolve;
    });
    this.channel.onMessage((raw) => {
      const parsed = hostToParentSchema.safeParse(raw);
      if (!parsed.success) return onInvalid(parsed.error.issues[0]?.message ?? 'invalid host message');
      const msg = parsed.data;
      if (msg.type === 'ready') return markReady();
      if (msg.id === null) return onInvalid(msg.type === 'failed' ? msg.message : 'message without id');
      const handlers = this.pending.get(msg.id);
      if (handlers && handlers.onMessage(msg) === 'settled') this.pending.delete(msg.id);
    });
    this.channel.onExit((exit) => {
      this.exited = exit;
      const err = new HostCrashedError(exit);
      failReady(err);
      const all = [...this.pending.values()];
      this.pending.clear();
      for (const h of all) h.onCrash(err);
      markClosed(exit);
      onExit(exit);
    });
  }

  get pid(): number | undefined {
    return this.channel.pid;
  }

  /** Sends a request whose replies carry `id`; handlers get them until one settles it. */
  request(msg: Extract<ParentToHost, { id: string }>, handlers: PendingHandlers): void {
    if (this.exited) {
      handlers.onCrash(new HostCrashedError(this.exited));
      return;
    }
    this.pending.set(msg.id, handlers);
    this.channel.send(msg);
  }

  send(msg: ParentToHost): void {
    this.channel.send(msg);
  }

  forget(id: string): void {
    this.pending.delete(id);
  }

  kill(): void {
    this.channel.kill();
  }
}
