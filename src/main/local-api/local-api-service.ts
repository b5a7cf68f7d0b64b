/**
 * The local API as a service the shells start after the core: the key store, the server on
 * 127.0.0.1:<port>, and its state for the dashboard. A port that cannot be bound leaves the service
 * 'failed' with the reason (logged and sent to Activity), and so does a key that cannot be saved (a
 * read-only data folder): start() never throws, it never stops the app or the dashboard.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { CompletionRunner } from '../routing/route-types.js';
import { ApiKeyStore } from './api-key-store.js';
import { createLocalApiServer } from './api-server.js';
import type { LocalApiServer } from './api-server.js';
import { SerialChain } from '../core/serial-chain.js';

export type LocalApiState = 'running' | 'failed' | 'stopped';

export interface LocalApiInfo {
  /** http://127.0.0.1:<port>/v1, or null when not running. */
  baseUrl: string | null;
  port: number | null;
  key: string;
  state: LocalApiState;
  error: string | null;
}

export interface LocalApiServiceOptions {
  dataDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  runner: CompletionRunner;
  clock: Clock;
  logger: Logger;
  /** Activity: what the user should know (a busy port, a replaced key file). */
  note?: (level: 'info' | 'warn' | 'error', message: string) => void;
  timeoutMs?: number;
}

export class LocalApiService implements Service {
  readonly name = 'local-api';
  readonly keys: ApiKeyStore;
  private server: LocalApiServer | null = null;
  private port: number | null = null;
  private state: LocalApiState = 'stopped';
  private error: string | null = null;
  private listenPort: number;
  private readonly moves = new SerialChain();
  private keyProblemNoted = false;
  /** Set when the key could not be made or saved at the last start: no key, no server. */
  private keyUnavailable = false;
  private readonly infoListeners = new Set<(info: LocalApiInfo) => void>();

  constructor(private readonly opts: LocalApiServiceOptions) {
    this.keys = new ApiKeyStore({ dataDir: opts.dataDir, now: () => opts.clock.now() });
    this.listenPort = opts.port;
  }

  /**
   * Serves on another port (the setting changed): the old server closes first, then the new port is
   * bound; a busy port leaves the service 'failed' with the reason, as at start. Moves run one after
   * another. A service that was never started only remembers the port.
   */
  moveTo(port: number): Promise<LocalApiInfo> {
    return this.moves.run(async () => {
      if (port === this.listenPort && this.state === 'running') return this.info();
      this.listenPort = port;
      if (this.state === 'stopped' && !this.server) return this.info();
      await this.stop();
      await this.start();
      if (this.state === 'running') this.opts.note?.('info', `The local API for IDEs now listens on ${this.info().baseUrl ?? ''} (update your IDE).`);
      this.infoChanged();
      return this.info();
    });
  }

  info(): LocalApiInfo {
    const running = this.state === 'running' && this.port !== null;
    const key = this.keyUnavailable ? '' : this.keys.current();
    return { baseUrl: running ? `http://127.0.0.1:${this.port}/v1` : null, port: running ? this.port : null, key, state: this.state, error: this.error };
  }

  regenerateKey(): LocalApiInfo {
    this.keys.regenerate();
    this.keyUnavailable = false;
    this.opts.note?.('info', 'A new local API key was made: the old one no longer works (update your IDE).');
    this.infoChanged();
    return this.info();
  }

  /** Told the new info after the port moved or the key was made again (the headless host prints its line anew). */
  onInfoChanged(listener: (info: LocalApiInfo) => void): () => void {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  }

  private infoChanged(): void {
    const info = this.info();
    for (const listener of [...this.infoListeners]) listener(info);
  }

  async start(): Promise<void> {
    try {
      this.keys.current();
      this.keyUnavailable = false;
    } catch (err) {
      this.keyUnavailable = true;
      return this.failed(`The local API for IDEs is off: its key could not be saved to ${this.keys.file} (${err instanceof Error ? err.message : String(err)}).`);
    }
    if (this.keys.problem && !this.keyProblemNoted) this.opts.note?.('warn', this.keys.problem);
    this.keyProblemNoted = true;
    const server = createLocalApiServer({
      runner: this.opts.runner,
      keyMatches: (key) => this.keys.matches(key),
      clock: this.opts.clock,
      logger: this.opts.logger,
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
    });
    try {
      this.port = await server.listen(this.listenPort);
      this.server = server;
      this.state = 'running';
      this.error = null;
      this.opts.logger.log('info', 'local-api.listening', { port: this.port });
    } catch (err) {
      await server.close().catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      this.failed(
        code === 'EADDRINUSE'
          ? `Port ${this.listenPort} on 127.0.0.1 is already in use, so the local API for IDEs is off; choose another port in the settings (localApi.port) or with --api-port.`
          : `The local API for IDEs could not start: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private failed(reason: string): void {
    this.state = 'failed';
    this.error = reason;
    this.opts.logger.log('error', 'local-api.failed', { port: this.listenPort, reason });
    this.opts.note?.('error', reason);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (this.state === 'running') this.state = 'stopped';
    await server?.close();
  }
}

/**
 * The line the headless host prints under the Dashboard line, for pasting into an IDE's settings:
 * `Local API: http://127.0.0.1:<port>/v1 key=<key>`, or why the API is off.
 */
export function localApiLine(info: LocalApiInfo): string {
  if (info.state === 'running' && info.baseUrl) return `Local API: ${info.baseUrl} key=${info.key}`;
  return `Local API: off (${info.error ?? 'not started'})`;
}
