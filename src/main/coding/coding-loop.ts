/**
 * The coding-task loop: plan → write the code → run it in the sandbox → on failure, fix it with the task,
 * the code, its exit code and its error output → run again, up to maxIterations(kind). It gives up early
 * when the code needs what the sandbox lacks (outside_subset), when the task's time runs out (timeout),
 * when the model cannot give usable code (model_limit) or when the sandbox itself fails (sandbox_error).
 * CPU seconds are measured, never estimated: the inference host's CPU for each model call plus the
 * sandbox's for each run. Aborting the caller's signal rejects with AbortedError.
 */
import type { Clock } from '../core/clock.js';
import { AbortedError, TimeoutError } from '../core/deadline.js';
import { DEFAULT_SANDBOX_LIMITS, type SandboxPort, type SandboxRunResult } from '../sandbox/sandbox-port.js';
import { extractCode } from './code-extract.js';
import { fixPrompt, planPrompt, writePrompt, type FailedRun } from './coding-prompts.js';
import { maxIterations, type CodingEngine, type CodingReason, type CodingResult, type CodingTask } from './coding-types.js';

export interface CodingLoopDeps {
  engine: CodingEngine;
  sandbox: SandboxPort;
  clock: Clock;
  /** Tokens for a code answer; default 1024. An answer cut at this limit is not run (model_limit). */
  maxTokens?: number;
  /** Tokens for the plan; default 256. */
  planTokens?: number;
  /** The sandbox's configured wall time per run; a run gets the task's remaining time when shorter. Default 10 s. */
  runTimeoutMs?: number;
  /** Engine queue order: the user's own tasks go ahead of contributed work. Default 'contributed'. */
  priority?: 'user' | 'contributed';
}

class GiveUp extends Error {
  constructor(readonly reason: CodingReason, message: string) {
    super(message);
  }
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function runCodingTask(deps: CodingLoopDeps, task: CodingTask, opts: { signal?: AbortSignal } = {}): Promise<CodingResult> {
  const { clock, engine, sandbox } = deps;
  const signal = opts.signal;
  const started = clock.now();
  const deadline = task.timeoutMs !== undefined ? started + task.timeoutMs : Infinity;
  const maxTokens = deps.maxTokens ?? 1024;
  const s = { modelCpu: 0, sandboxCpu: 0, paramSize: null as number | null, model: null as string | null, iterations: 0, code: '', last: null as SandboxRunResult | null };
  const aborted = (): AbortedError => new AbortedError('coding task', signal?.reason);
  const remaining = (): number => deadline - clock.now();
  const outOfTime = (what: string): GiveUp => new GiveUp('timeout', `the task's ${task.timeoutMs ?? 0} ms ran out ${what}`);

  const ask = async (prompt: string, tokens: number): Promise<{ output: string; cut: boolean }> => {
    if (signal?.aborted) throw aborted();
    const left = remaining();
    if (left <= 0) throw outOfTime('before the model answered');
    let r: Awaited<ReturnType<CodingEngine['run']>>;
    try {
      r = await engine.run({ prompt }, {
        maxTokens: tokens, priority: deps.priority ?? 'contributed',
        ...(Number.isFinite(left) ? { timeoutMs: Math.max(1, Math.floor(left)) } : {}), ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw aborted();
      if (err instanceof TimeoutError) throw outOfTime('while the model was writing');
      throw new GiveUp('model_limit', `the model failed: ${errorText(err)}`);
    }
    s.modelCpu += r.cpuSeconds;
    s.paramSize = r.paramSize;
    s.model = r.model;
    if (r.aborted) throw signal?.aborted ? aborted() : new GiveUp('model_limit', 'the model stopped before it finished its answer');
    return { output: r.output, cut: r.tokens >= tokens };
  };

  const run = async (code: string): Promise<SandboxRunResult> => {
    if (signal?.aborted) throw aborted();
    const left = remaining();
    if (left <= 0) throw outOfTime('before the code could run');
    const limit = deps.runTimeoutMs ?? DEFAULT_SANDBOX_LIMITS.timeoutMs;
    let r: SandboxRunResult;
    try {
      r = await sandbox.run({ language: task.language, code, ...(left < limit ? { limits: { timeoutMs: Math.max(1, Math.floor(left)) } } : {}) }, signal ? { signal } : {});
    } catch (err) {
      if (signal?.aborted) throw aborted();
      throw new GiveUp('sandbox_error', `the sandbox failed: ${errorText(err)}`);
    }
    s.sandboxCpu += r.cpuSeconds;
    s.last = r;
    if (r.reason === 'aborted' || signal?.aborted) throw aborted();
    if (r.reason === 'outside_subset') throw new GiveUp('outside_subset', r.reasonText ?? `needs module ${r.missingModule ?? '?'}, which the sandbox lacks`);
    if (r.reason === 'timeout') throw new GiveUp('timeout', r.reasonText ?? 'the code ran past its time limit');
    if (r.reason === 'sandbox_error') throw new GiveUp('sandbox_error', r.reasonText ?? 'the sandbox failed');
    return r;
  };

  const result = (reason: CodingReason | null, error: string | undefined): CodingResult => {
    const last = s.last;
    const modelCpuSeconds = round(s.modelCpu);
    const sandboxCpuSeconds = round(s.sandboxCpu);
    return {
      ok: reason === null && last !== null && last.ok,
      output: last?.stdout ?? '',
      ...(error !== undefined ? { error } : {}),
      reason, code: s.code, exitCode: last?.exitCode ?? null, iterations: s.iterations,
      cpuSeconds: round(s.modelCpu + s.sandboxCpu), modelCpuSeconds, sandboxCpuSeconds,
      durationMs: clock.now() - started, paramSize: s.paramSize, model: s.model,
    };
  };

  const history = [...(task.errorHistory ?? [])];
  let failed: FailedRun | null = task.failedCode?.trim() ? { code: task.failedCode, exitCode: undefined, error: history.at(-1) ?? '' } : null;
  try {
    // Code that already failed is fixed straight away; a fresh task is planned first.
    const plan = failed ? '' : (await ask(planPrompt(task.language, task.task), deps.planTokens ?? 256)).output;
    const max = maxIterations(task.kind);
    for (let i = 1; i <= max; i++) {
      const prompt = failed ? fixPrompt(task.language, task.task, failed, history.slice(0, -1)) : writePrompt(task.language, task.task, plan);
      const answer = await ask(prompt, maxTokens);
      s.iterations = i;
      s.code = extractCode(answer.output, task.language).code;
      s.last = null; // output and exit code belong to this code from now on
      if (answer.cut) throw new GiveUp('model_limit', `the model's answer reached its ${maxTokens}-token limit, so the code is incomplete`);
      if (!s.code) throw new GiveUp('model_limit', 'the model answered without any code');
      const r = await run(s.code);
      if (r.ok) return result(null, undefined);
      const error = r.stderr.trim() ? r.stderr : (r.reasonText ?? `exited with code ${r.exitCode ?? 'none'}`);
      history.push(error);
      failed = { code: s.code, exitCode: r.exitCode, error };
    }
    return result('max_iterations', failed?.error ?? 'no attempt succeeded');
  } catch (err) {
    if (err instanceof GiveUp) return result(err.reason, err.message);
    throw err;
  }
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
