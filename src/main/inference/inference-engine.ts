/**
 * The app's side of local inference: owns the host process (restarting it when it dies), loads the
 * model there, queues requests over `concurrency` slots and reports the load. Never runs llama.cpp
 * itself, so a model that aborts its process cannot take the app down.
 */
import { EventEmitter } from 'node:events';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { AbortedError, TimeoutError, withDeadline } from '../core/deadline.js';
import { silentLogger } from '../core/logger.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { HostExit, HostTransport } from './host-channel.js';
import { HostLink, describeExit } from './host-link.js';
import { MAX_TOKENS_LIMIT, taskInputSchema } from './host-protocol.js';
import type { HostModelInfo, TaskInput } from './host-protocol.js';
import { RequestSlots } from './request-slots.js';
import { runOnHost } from './run-request.js';
import { defaultInferenceThreads } from './threads.js';
import type { EngineStatus, InferenceEngineEvents, InferenceEngineOptions, LoadSnapshot, ModelState, RunOptions, TaskResult } from './engine-types.js';

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}
export class NoModelError extends Error {
  override readonly name = 'NoModelError';
}

export class InferenceEngine extends EventEmitter<InferenceEngineEvents> implements Service {
  readonly name = 'inference';
  readonly threads: number;
  private readonly transport: HostTransport;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly slots: RequestSlots;
  private link: HostLink | null = null;
  private model: ModelState = { state: 'none' };
  private seq = 0;
  private restarts = 0;
  private crashesInARow = 0;
  private lastCrash: string | null = null;
  private stopping = false;

  constructor(private readonly opts: InferenceEngineOptions) {
    super();
    this.transport = opts.transport;
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child('inference');
    this.threads = defaultInferenceThreads(opts.threads);
    this.slots = new RequestSlots(opts.concurrency ?? 1, opts.maxQueued ?? 32, () => this.emit('load', this.loadSnapshot()));
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.spawn();
    await this.hostReady();
    if (this.opts.modelPath) await this.loadModel(this.opts.modelPath).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.slots.rejectAll(new AbortedError('inference request', 'engine stopped'));
    const link = this.link;
    this.link = null;
    if (!link || link.exited) return;
    const gone = new Promise<void>((resolve) => {
      const check = (): void => (link.exited ? resolve() : void this.clock.setTimeout(check, 20));
      check();
    });
    link.send({ type: 'shutdown' });
    await withDeadline(gone, { clock: this.clock, ms: 3000, operation: 'inference host shutdown' }).catch(() => link.kill());
  }

  get currentLoad(): number {
    return this.loadSnapshot().currentLoad;
  }

  get modelState(): ModelState {
    return this.model;
  }

  loadSnapshot(): LoadSnapshot {
    const { busy, queued, concurrency } = this.slots;
    return { currentLoad: Math.min(1, (busy + queued) / concurrency), busy, queued, concurrency };
  }

  status(): EngineStatus {
    return { ...this.loadSnapshot(), model: this.model, hostPid: this.link?.pid, hostRestarts: this.restarts, lastCrash: this.lastCrash, threads: this.threads };
  }

  /** Loads (or switches to) a model in the host. Rejects with ModelLoadError; the model is then marked failed. */
  async loadModel(path: string): Promise<HostModelInfo> {
    // Take every slot: running requests finish on the old model, queued ones run on the new one.
    const releases: Array<() => void> = [];
    for (let i = 0; i < this.slots.concurrency; i++) releases.push(await this.slots.acquire(undefined, true));
    this.setModel({ state: 'loading', path });
    try {
      await this.hostReady();
      const link = this.requireLink();
      const id = `load-${++this.seq}`;
      const info = await withDeadline(
        new Promise<HostModelInfo>((resolve, reject) => {
          link.request(
            { type: 'load', id, path, threads: this.threads, contextSize: this.opts.contextSize ?? 2048, sequences: this.slots.concurrency },
            {
              onMessage: (msg) => {
                if (msg.type === 'loaded') resolve(msg.info);
                else if (msg.type === 'failed') reject(new ModelLoadError(msg.message));
                else return 'continue';
                return 'settled';
              },
              onCrash: (err) => reject(new ModelLoadError(`loading ${path} crashed the ${err.message}`)),
            },
          );
        }),
        { clock: this.clock, ms: this.opts.loadTimeoutMs ?? 120_000, operation: `loading model ${path}`, onCancel: () => link.kill() },
      );
      this.crashesInARow = 0;
      this.setModel({ state: 'ready', path, info });
      this.log.log('info', 'model.loaded', { path, name: info.name, paramSize: info.paramSize, loadMs: Math.round(info.loadMs) });
      return info;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.setModel({ state: 'failed', path, reason });
      this.log.log('warn', 'model.failed', { path, reason });
      throw err instanceof ModelLoadError ? err : new ModelLoadError(reason);
    } finally {
      for (const release of releases) release();
    }
  }

  /** The task API: runs one prompt or chat on the loaded model, queued behind `concurrency` slots. */
  async run(input: TaskInput, options: RunOptions): Promise<TaskResult> {
    const parsedInput = taskInputSchema.safeParse(input);
    if (!parsedInput.success) throw new TypeError(`invalid inference input: ${parsedInput.error.issues[0]?.message ?? 'unknown'}`);
    if (!Number.isInteger(options.maxTokens) || options.maxTokens < 1 || options.maxTokens > MAX_TOKENS_LIMIT) {
      throw new RangeError(`maxTokens must be an integer from 1 to ${MAX_TOKENS_LIMIT}`);
    }
    const id = `run-${++this.seq}`;
    this.emit('request', { id, phase: 'queued' });
    const release = await this.slots.acquire(options.signal).catch((err: unknown) => {
      this.emit('request', { id, phase: 'finished', ok: false });
      throw err;
    });
    let ok = false;
    try {
      // Holding a slot means no load is in progress (a load takes every slot).
      const model = this.model;
      if (model.state !== 'ready') throw new NoModelError(model.state === 'failed' ? `model ${model.path} failed: ${model.reason}` : 'no model is loaded');
      await this.hostReady();
      const result = await runOnHost(this.requireLink(), {
        id,
        input: parsedInput.data,
        options,
        timeoutMs: options.timeoutMs ?? this.opts.defaultTimeoutMs ?? 120_000,
        clock: this.clock,
        onStarted: () => this.emit('request', { id, phase: 'started' }),
      });
      ok = true;
      this.crashesInARow = 0;
      return { ...result, model: model.info.name, paramSize: model.info.paramSize };
    } finally {
      this.emit('request', { id, phase: 'finished', ok });
      release();
    }
  }

  private spawn(): void {
    const link: HostLink = new HostLink(
      this.transport,
      (exit) => this.onHostExit(link, exit),
      (detail) => this.log.log('warn', 'host.invalid-message', { detail }),
    );
    this.link = link;
  }

  private async hostReady(): Promise<void> {
    const link = this.requireLink();
    await withDeadline(link.ready, { clock: this.clock, ms: 60_000, operation: 'starting the inference host', onCancel: () => link.kill() });
  }

  private requireLink(): HostLink {
    if (!this.link) throw new Error('inference engine is not started');
    return this.link;
  }

  private onHostExit(link: HostLink, exit: HostExit): void {
    if (this.stopping || this.link !== link) return;
    const reason = describeExit(exit);
    this.lastCrash = reason;
    this.crashesInARow++;
    const during = this.model.state === 'loading' ? 'load' : this.slots.busy > 0 ? 'run' : 'idle';
    this.log.log('error', 'host.exited', { reason, during, crashesInARow: this.crashesInARow });
    this.restarts++;
    this.spawn();
    const current = this.model;
    if (current.state === 'ready') {
      if (this.crashesInARow >= (this.opts.maxConsecutiveCrashes ?? 3)) {
        this.setModel({ state: 'failed', path: current.path, reason });
      } else {
        // The model loaded fine before: bring it back in the new host.
        void this.loadModel(current.path).catch(() => undefined);
      }
    }
    this.emit('host-exit', { exit, reason, during, restarted: true });
  }

  private setModel(state: ModelState): void {
    this.model = state;
    this.emit('model', state);
  }
}

export { TimeoutError };
