/** Public shapes of the inference engine: options, task results, model state, status snapshot. */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { HostExit, HostTransport } from './host-channel.js';
import type { GpuSetting, HostModelInfo } from './host-protocol.js';

export type { ChatMessage, TaskInput, HostModelInfo } from './host-protocol.js';

export interface InferenceEngineOptions {
  /** Starts a host process: childProcessTransport() headless/tests, utilityProcessTransport(...) in Electron. */
  transport: HostTransport;
  /** Model loaded by start(); a failure leaves the engine up with the model marked failed. */
  modelPath?: string;
  /** llama.cpp threads; default defaultInferenceThreads() (the real core count). Tests use 1. */
  threads?: number;
  /** `auto` (default): the GPU when node-llama-cpp finds a usable one; `off`: the CPU only. */
  gpu?: GpuSetting;
  /** Context size in tokens (capped by the model's training context); default 2048. */
  contextSize?: number;
  /** Requests run at once (one context sequence each); default 1. */
  concurrency?: number;
  /** Requests allowed to wait for a slot; default 32 (more are rejected with QueueFullError). */
  maxQueued?: number;
  /** Per-request timeout when the caller gives none; default 120 s. */
  defaultTimeoutMs?: number;
  /** Model load timeout (the host is killed and restarted past it); default 120 s. */
  loadTimeoutMs?: number;
  /** Host crashes in a row (without a successful request or load) before the model is marked failed; default 3. */
  maxConsecutiveCrashes?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface RunOptions {
  /** The prompt plus maxTokens must fit the context, else the run fails with PromptTooLongError. */
  maxTokens: number;
  /** Programming language hint; in chat mode it becomes a system message when none is given. */
  language?: string;
  timeoutMs?: number;
  /** Aborting a running request resolves with the partial output (aborted: true); a queued one rejects. */
  signal?: AbortSignal;
  /** Streamed text chunks, in order; they concatenate to `output`. */
  onToken?: (text: string) => void;
  /** 'user': the user's own request (local API, dashboard) waits ahead of contributed work. Default 'contributed'. */
  priority?: 'user' | 'contributed';
}

export interface TaskResult {
  output: string;
  tokens: number;
  /** Tokens of the prompt as the model saw it (chat template applied). */
  promptTokens: number;
  /** CPU seconds the host process spent on this request (user + system). */
  cpuSeconds: number;
  durationMs: number;
  /** Time to the first generated token, measured in the host; null when nothing was generated. */
  firstTokenMs: number | null;
  model: string;
  /** Billions of parameters of the model that answered. */
  paramSize: number;
  aborted: boolean;
}

export type ModelState =
  | { state: 'none' }
  | { state: 'loading'; path: string }
  | { state: 'ready'; path: string; info: HostModelInfo }
  | { state: 'failed'; path: string; reason: string };

export interface LoadSnapshot {
  /** (busy + queued) / concurrency, capped at 1. */
  currentLoad: number;
  busy: number;
  queued: number;
  concurrency: number;
}

export interface RequestEvent {
  id: string;
  phase: 'queued' | 'started' | 'finished';
  ok?: boolean;
}

export interface HostExitEvent {
  exit: HostExit;
  reason: string;
  /** What the host was doing: loading a model, running requests, or idle. */
  during: 'load' | 'run' | 'idle';
  restarted: boolean;
}

export interface EngineStatus extends LoadSnapshot {
  model: ModelState;
  hostPid: number | undefined;
  hostRestarts: number;
  lastCrash: string | null;
  threads: number;
  gpu: GpuSetting;
}

export interface InferenceEngineEvents {
  load: [LoadSnapshot];
  model: [ModelState];
  request: [RequestEvent];
  'host-exit': [HostExitEvent];
}
