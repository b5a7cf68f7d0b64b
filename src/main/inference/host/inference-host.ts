/**
 * Runs inside the host process: loads one model at a time into llama.cpp and runs requests on a
 * pool of context sequences, streaming text, honouring maxTokens, cancellation and a per-request
 * timeout, and measuring the CPU seconds each request used (process.cpuUsage delta).
 */
import { getLlama } from 'node-llama-cpp';
import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { LlamaBackends, hardwareWords } from './llama-backend.js';
import { estimateFit } from './fit-estimator.js';
import type { GetLlamaFn } from './llama-backend.js';
import { readModelInfo } from '../gguf/model-info.js';
import { TokenBatcher } from './token-batcher.js';
import { fitsContext, preparePrompt } from './prompt-preparation.js';
import type { PreparedPrompt } from './prompt-preparation.js';
import { parentToHostSchema } from '../host-protocol.js';
import type { HostModelInfo, HostToParent, ParentToHost } from '../host-protocol.js';

type RunMsg = Extract<ParentToHost, { type: 'run' }>;
type LoadMsg = Extract<ParentToHost, { type: 'load' }>;
type FitMsg = Extract<ParentToHost, { type: 'fit' }>;

export class InferenceHost {
  private backends: LlamaBackends | null = null;
  private model: LlamaModel | null = null;
  private context: LlamaContext | null = null;
  private info: HostModelInfo | null = null;
  private readonly free: LlamaContextSequence[] = [];
  private readonly running = new Map<string, { abort: AbortController; timedOut: boolean }>();
  /** Cancels that arrived before their run started (bounded). */
  private readonly cancelledEarly = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  /** `getLlama` is node-llama-cpp's; tests inject a wrapper to stand in for a GPU this machine lacks. */
  constructor(
    private readonly send: (msg: HostToParent) => void,
    private readonly deps: { getLlama: GetLlamaFn } = { getLlama: getLlama as unknown as GetLlamaFn },
  ) {}

  handle(raw: unknown): void {
    const parsed = parentToHostSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
      this.send({ type: 'failed', id, code: 'bad-request', message: `invalid message: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'load':
        // Loads are serialised with each other; runs wait for the load in progress.
        this.queue = this.queue.then(() => this.load(msg));
        return;
      case 'run':
        void this.queue.then(() => this.run(msg));
        return;
      case 'fit':
        this.queue = this.queue.then(() => this.fit(msg));
        return;
      case 'cancel': {
        const run = this.running.get(msg.id);
        if (run) run.abort.abort(new Error('cancelled'));
        else {
          this.cancelledEarly.add(msg.id);
          if (this.cancelledEarly.size > 256) this.cancelledEarly.delete(this.cancelledEarly.values().next().value as string);
        }
        return;
      }
      case 'shutdown':
        void this.dispose().finally(() => process.exit(0));
        return;
    }
  }

  private async load(msg: LoadMsg): Promise<void> {
    const started = performance.now();
    try {
      const meta = await readModelInfo(msg.path, false); // a file that is not GGUF at all is refused here
      this.backends ??= new LlamaBackends(this.deps.getLlama, msg.threads);
      await this.unload();
      const loaded = await this.backends.load(msg.path, msg.gpu);
      this.model = loaded.model;
      const contextSize = Math.min(msg.contextSize, meta.contextLength || msg.contextSize);
      // With every layer on the GPU the CPU threads matter little: node-llama-cpp's default then, unless the user chose.
      const wholeOnGpu = loaded.model.gpuLayers > 0 && loaded.model.gpuLayers >= loaded.model.fileInsights.totalLayers;
      const threads = wholeOnGpu && !msg.threadsExplicit ? undefined : msg.threads;
      this.context = await this.model.createContext({ contextSize, ...(threads ? { threads } : {}), sequences: msg.sequences });
      for (let i = 0; i < msg.sequences; i++) this.free.push(this.context.getSequence());
      const backend = await this.backends.describe(loaded, threads ?? this.context.currentThreads);
      this.info = { path: msg.path, ...meta, contextSize: this.context.contextSize, threads: msg.threads, loadMs: performance.now() - started, backend };
      this.send({ type: 'loaded', id: msg.id, info: this.info });
    } catch (err) {
      await this.unload().catch(() => undefined);
      this.send({ type: 'failed', id: msg.id, code: 'load-failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async fit(msg: FitMsg): Promise<void> {
    try {
      this.backends ??= new LlamaBackends(this.deps.getLlama, 1);
      const llama = await this.backends.forEstimates();
      const results = [];
      for (const target of msg.targets) {
        try {
          results.push({ key: target.key, fit: await estimateFit(llama, target), error: null });
        } catch (err) {
          results.push({ key: target.key, fit: null, error: err instanceof Error ? err.message : String(err) });
        }
      }
      this.send({ type: 'fitted', id: msg.id, results, hardware: await hardwareWords(llama) });
    } catch (err) {
      this.send({ type: 'failed', id: msg.id, code: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async unload(): Promise<void> {
    this.free.length = 0;
    this.info = null;
    await this.context?.dispose();
    await this.model?.dispose();
    this.context = null;
    this.model = null;
  }

  private async run(msg: RunMsg): Promise<void> {
    const sequence = this.free.pop();
    if (!this.model || !this.info) return this.send({ type: 'failed', id: msg.id, code: 'no-model', message: 'no model is loaded' });
    if (!sequence) return this.send({ type: 'failed', id: msg.id, code: 'error', message: 'no free context sequence (concurrency above the host capacity)' });
    const state = { abort: new AbortController(), timedOut: false };
    this.running.set(msg.id, state);
    if (this.cancelledEarly.delete(msg.id)) state.abort.abort(new Error('cancelled'));
    const timer = setTimeout(() => {
      state.timedOut = true;
      state.abort.abort(new Error('timeout'));
    }, msg.timeoutMs);
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    let firstTokenMs: number | null = null;
    let tokens = 0;
    let partial = '';
    const batcher = new TokenBatcher((text) => this.send({ type: 'token', id: msg.id, text }));
    const options = {
      maxTokens: msg.maxTokens,
      signal: state.abort.signal,
      stopOnAbortSignal: true,
      onTextChunk: (text: string) => {
        partial += text;
        batcher.push(text);
      },
      onToken: (t: readonly unknown[]) => {
        if (firstTokenMs === null) firstTokenMs = performance.now() - started;
        tokens += t.length;
      },
    };
    let prepared: PreparedPrompt | null = null;
    try {
      prepared = preparePrompt(this.model, sequence, msg.input, msg.language);
      const { promptTokens } = prepared;
      const contextSize = this.info.contextSize;
      if (!fitsContext(promptTokens, msg.maxTokens, contextSize)) {
        this.send({ type: 'failed', id: msg.id, code: 'context-too-long', message: `the prompt has ${promptTokens} tokens; with maxTokens ${msg.maxTokens} it does not fit the context of ${contextSize} tokens`, promptTokens, contextSize });
        return;
      }
      this.send({ type: 'started', id: msg.id });
      const output = await prepared.generate(options);
      batcher.flush();
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (state.timedOut) {
        this.send({ type: 'failed', id: msg.id, code: 'timeout', message: `inference timed out after ${msg.timeoutMs} ms`, partial: output });
      } else {
        const durationMs = performance.now() - started;
        this.send({ type: 'done', id: msg.id, output, tokens, promptTokens, cpuSeconds, durationMs, firstTokenMs, aborted: state.abort.signal.aborted });
      }
    } catch (err) {
      batcher.flush();
      this.send({ type: 'failed', id: msg.id, code: 'error', message: err instanceof Error ? err.message : String(err), partial });
    } finally {
      prepared?.dispose();
      clearTimeout(timer);
      this.running.delete(msg.id);
      await sequence.clearHistory().catch(() => undefined);
      if (this.context && !sequence.disposed) this.free.push(sequence);
    }
  }

  async dispose(): Promise<void> {
    for (const r of this.running.values()) r.abort.abort(new Error('host shutting down'));
    await this.unload().catch(() => undefined);
  }
}
