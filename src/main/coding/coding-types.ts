/**
 * Shapes of a coding task (a swarm subtask or a nearby device's task with a language) and of what the
 * coding loop made of it. The loop depends on two ports only: the engine (writes the code) and the
 * sandbox (runs it).
 */
import type { RunOptions, TaskInput, TaskResult } from '../inference/engine-types.js';
import { SANDBOX_LANGUAGES, type SandboxLanguage } from '../sandbox/sandbox-port.js';

export interface CodingTask {
  language: SandboxLanguage;
  /** The task in words. */
  task: string;
  /** 'micro_loop' (write, run, fix once: 2 iterations) or 'single_step' (1); any other kind counts as micro_loop. */
  kind: string;
  /** The whole task's time budget (model and runs together); none: only the sandbox's own limit per run. */
  timeoutMs?: number;
  /** Code that already failed elsewhere (a mesh request): the loop starts by fixing it. */
  failedCode?: string;
  /** The errors that code produced, oldest first. */
  errorHistory?: string[];
}

/**
 * Why the loop gave up: the code needs what the sandbox lacks; the task ran out of time; the model could
 * not write usable code (engine failure, answer cut at its token limit, no code); every iteration failed;
 * or the sandbox itself failed (not the code's fault).
 */
export type CodingReason = 'outside_subset' | 'timeout' | 'model_limit' | 'max_iterations' | 'sandbox_error';

export interface CodingResult {
  /** The last run exited 0. */
  ok: boolean;
  /** The last run's stdout ('' when nothing ran). */
  output: string;
  /** The last run's stderr, or the reason in words when there is no stderr; absent when ok. */
  error?: string;
  reason: CodingReason | null;
  /** The code of the last attempt ('' when the model wrote none). */
  code: string;
  /** The last run's exit code; null when it never finished or nothing ran. */
  exitCode: number | null;
  /** Code written (and run, unless the model's answer was unusable). */
  iterations: number;
  /** Measured CPU seconds: the inference host's share of every model call plus every sandbox run. */
  cpuSeconds: number;
  modelCpuSeconds: number;
  sandboxCpuSeconds: number;
  durationMs: number;
  /** Billions of parameters of the model that wrote the code (for credits); null when no call returned. */
  paramSize: number | null;
  model: string | null;
}

/** The engine as the loop uses it (InferenceEngine, or a scripted one in tests). */
export interface CodingEngine {
  run(input: TaskInput, options: RunOptions): Promise<Pick<TaskResult, 'output' | 'tokens' | 'cpuSeconds' | 'aborted' | 'paramSize' | 'model'>>;
}

/** The coding loop bound to this computer's engine and sandbox (runCodingTask), as the swarm worker and the mesh provider use it. */
export type CodingRunner = (task: CodingTask, opts: { signal: AbortSignal }) => Promise<CodingResult>;

/** Why coding work for others is held when the setting sandbox.enabled is off (the gate and the mesh provider say it alike). */
export const SANDBOX_OFF_MESSAGE = 'Running code for others is turned off (setting sandbox.enabled): coding tasks are not taken';

/** A runner resolved per task: a task taken just before sandbox.enabled went off fails with that reason. */
export function perTaskRunner(current: () => CodingRunner | null): CodingRunner {
  return async (task, opts) => {
    const run = current();
    if (!run) throw new Error(SANDBOX_OFF_MESSAGE);
    return run(task, opts);
  };
}

/** Iterations allowed for a kind of task. */
export function maxIterations(kind: string): number {
  return kind === 'single_step' ? 1 : 2;
}

/** The sandbox language a task's language names, or null (another language, or none). */
export function sandboxLanguageOf(language: string | undefined): SandboxLanguage | null {
  const l = language?.trim().toLowerCase();
  if (!l) return null;
  if (l === 'py' || l === 'python3') return 'python';
  if (l === 'js' || l === 'node') return 'javascript';
  return (SANDBOX_LANGUAGES as readonly string[]).includes(l) ? (l as SandboxLanguage) : null;
}

export const languageName = (l: SandboxLanguage): string => (l === 'python' ? 'Python' : 'JavaScript');
