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
import type { HostExit } from './host-channel.js';
import { HostSupervisor } from './host-supervisor.js';
import { MAX_TOKENS_LIMIT, taskInputSchema } from './host-protocol.js';
import type { ResolvedFit } from '../../shared/model-catalogue.js';
import type { FitTarget, GpuSetting, HostModelInfo, TaskInput } from './host-protocol.js';
import { RequestSlots } from './request-slots.js';
import type { SlotRank } from './request-slots.js';
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
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly slots: RequestSlots;
  private readonly host: HostSupervisor;
  private model: ModelState = { state: 'none' };
  private seq = 0;
  private lastCrash: string | null = null;
  private gpu: GpuSetting;

  constructor(private readonly opts: InferenceEngineOptions) {
    super();
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child('inference');
    this.threads = defaultInferenceThreads(opts.threads);
    this.gpu = opts.gpu ?? 'auto';
    this.slots = new RequestSlots(opts.concurrency ?? 1, opts.maxQueued ?? 32, () => this.emit('load', this.loadSnapshot()));
    this.host = new HostSupervisor({ transport: opts.transport, clock: this.clock, log: this.log, onCrash: (exit, reason) => this.onHostCrash(exit, reason) });
  }

  /**
   * Loads `modelPath` if one was given. The host process starts only when a model is loaded (here or
   * by the first loadModel), not before: an app with no model chosen holds no llama.cpp process. Never
   * throws for a host or model failure: the app stays up and status() says what went wrong.
   */
  async start(): Promise<void> {
    if (this.opts.modelPath) await this.loadModel(this.opts.modelPath).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.slots.rejectAll(new AbortedError('inference request', 'engine stopped'));
    await this.host.stop();
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
    return { ...this.loadSnapshot(), model: this.model, hostPid: this.host.pid, hostRestarts: this.host.restarts, lastCrash: this.lastCrash, threads: this.threads, gpu: this.gpu };
  }

  get gpuSetting(): GpuSetting {
    return this.gpu;
  }

  /**
   * Applies the GPU setting live: a loaded model reloads on the new backend (running requests finish
   * first, as for any load; queued ones run after it). Resolves once the model is ready again.
   */
  async setGpu(gpu: GpuSetting): Promise<void> {
    if (gpu === this.gpu) return;
    this.gpu = gpu;
    const current = this.model;
    if (current.state === 'ready' || current.state === 'loading') await this.loadModel(current.path).catch(() => undefined);
  }

  /**
   * node-llama-cpp's estimate of how each target fits this computer, from the host process (started
   * for it when no model is loaded yet: llama.cpp never runs in the app's own process).
   */
  async estimateFits(targets: FitTarget[], signal?: AbortSignal): Promise<{ results: Map<string, ResolvedFit | Error>; hardware: string }> {
    const link = await this.host.ready();
    const id = `fit-${++this.seq}`;
    return withDeadline(
      new Promise((resolve, reject) => {
        link.request({ type: 'fit', id, targets }, {
          onMessage: (msg) => {
            if (msg.type === 'fitted') {
              resolve({ results: new Map(msg.results.map((r) => [r.key, r.fit ?? new Error(r.error ?? 'no estimate')])), hardware: msg.hardware });
            } else if (msg.type === 'failed') reject(new Error(msg.message));
            else return 'continue';
            return 'settled';
          },
          onCrash: (err) => reject(new Error(`estimating model fits crashed the host: ${err.message}`)),
        });
      }),
      { clock: this.clock, ms: 60_000, operation: 'estimating how models fit', ...(signal ? { signal } : {}) },
    );
  }

  /** Loads (or switches to) a model in the host. Rejects with ModelLoadError; the model is then marked failed. */
  async loadModel(path: string): Promise<HostModelInfo> {
    // Take every slot: running requests finish on the old model, queued ones run on the new one.
    const releases: Array<() => void> = [];
    for (let i = 0; i < this.slots.concurrency; i++) releases.push(await this.slots.acquire(undefined, 'load'));
    this.setModel({ state: 'loading', path });
    try {
      const link = await this.host.ready().catch((err: unknown) => {
        this.lastCrash = err instanceof Error ? err.message : String(err);
        this.log.log('error', 'host.start-failed', { reason: this.lastCrash });
        throw new ModelLoadError(this.lastCrash);
      });
      const id = `load-${++this.seq}`;
      const info = await withDeadline(
        new Promise<HostModelInfo>((resolve, reject) => {
          link.request(
            { type: 'load', id, path, threads: this.threads, threadsExplicit: this.opts.threads !== undefined, gpu: this.gpu, contextSize: this.opts.contextSize ?? 2048, sequences: this.slots.concurrency },
            {
              onMessage: (msg) => {
                if (msg.type === 'loaded') resolve(msg.info);
                else if (msg.type === 'failed') reject(new ModelLoadError(msg.message));
                else return 'continue';
                return 'settled';
              },
              onCrash: (err) => reject(new ModelLoadError(`loading ${path} crashed the host: ${err.message}`)),
            },
          );
        }),
        { clock: this.clock, ms: this.opts.loadTimeoutMs ?? 120_000, operation: `loading model ${path}`, onCancel: () => link.kill() },
      );
      this.host.healthy();
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
    const timeoutMs = options.timeoutMs ?? this.opts.defaultTimeoutMs ?? 120_000;
    const startedAt = this.clock.now();
    this.emit('request', { id, phase: 'queued' });
    const release = await this.waitForSlot(id, timeoutMs, options.signal, options.priority === 'user' ? 'user' : 'contributed').catch((err: unknown) => {
      this.emit('request', { id, phase: 'finished', ok: false });
      throw err;
    });
    let ok = false;
    try {
      // Holding a slot means no load is in progress (a load takes every slot).
      const model = this.model;
      if (model.state !== 'ready') throw new NoModelError(model.state === 'failed' ? `model ${model.path} failed: ${model.reason}` : 'no model is loaded');
      const link = await this.host.ready();
      const result = await runOnHost(link, {
        id,
        input: parsedInput.data,
        options,
        // The timeout covers the whole call: what the queue used is gone.
        timeoutMs: Math.max(1, timeoutMs - (this.clock.now() - startedAt)),
        clock: this.clock,
        onStarted: () => this.emit('request', { id, phase: 'started' }),
      });
      ok = true;
      this.host.healthy();
      return { ...result, model: model.info.name, paramSize: model.info.paramSize };
    } finally {
      this.emit('request', { id, phase: 'finished', ok });
      release();
    }
  }

  /** A slot, within the request's timeout, abandoned if the caller aborts. */
  private async waitForSlot(id: string, timeoutMs: number, signal: AbortSignal | undefined, rank: SlotRank): Promise<() => void> {
    const waiting = new AbortController();
    const timer = this.clock.setTimeout(() => waiting.abort(new TimeoutError(`inference ${id} (waiting for a free slot)`, timeoutMs)), timeoutMs);
    const onAbort = (): void => waiting.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.slots.acquire(waiting.signal, rank);
    } catch (err) {
      throw waiting.signal.reason instanceof TimeoutError ? waiting.signal.reason : err;
    } finally {
      this.clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private onHostCrash(exit: HostExit, reason: string): void {
    this.lastCrash = reason;
    const during = this.model.state === 'loading' ? 'load' : this.slots.busy > 0 ? 'run' : 'idle';
    const current = this.model;
    if (current.state === 'ready') {
      if (this.host.crashesInARow >= (this.opts.maxConsecutiveCrashes ?? 3)) {
        this.setModel({ state: 'failed', path: current.path, reason });
      } else {
        // The model loaded fine before: bring it back in the new host.
        void this.loadModel(current.path).catch(() => undefined);
      }
    }
    this.emit('host-exit', { exit, reason, during, restarted: this.host.pid !== undefined });
  }

  private setModel(state: ModelState): void {
    this.model = state;
    this.emit('model', state);
  }
}

export { TimeoutError };
