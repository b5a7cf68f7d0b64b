/**
 * A scripted engine and a scripted sandbox for the coding loop's table tests: each answers from a
 * list, in order, and records what it was asked. The loop only sees the two ports; the real engine and
 * sandbox are exercised by the worker and mesh tests.
 */
import type { ManualClock } from '../../src/main/core/clock.js';
import type { CodingEngine } from '../../src/main/coding/coding-types.js';
import type { RunOptions, TaskInput, TaskResult } from '../../src/main/inference/engine-types.js';
import type { SandboxPort, SandboxRunRequest, SandboxRunResult } from '../../src/main/sandbox/sandbox-port.js';

export interface ScriptedAnswer {
  output: string;
  /** Default: the output's length in characters, so it is under maxTokens unless set. */
  tokens?: number;
  cpuSeconds?: number;
  /** Time the call takes on the manual clock. */
  takesMs?: number;
}

export class ScriptedEngine implements CodingEngine {
  readonly calls: Array<{ prompt: string; options: RunOptions }> = [];
  constructor(private readonly script: Array<ScriptedAnswer | Error>, private readonly clock?: ManualClock) {}

  async run(input: TaskInput, options: RunOptions): Promise<TaskResult> {
    this.calls.push({ prompt: 'prompt' in input ? input.prompt : JSON.stringify(input.messages), options });
    const next = this.script.shift();
    if (!next) throw new Error('the scripted engine ran out of answers');
    if (next instanceof Error) throw next;
    if (next.takesMs) await this.clock?.advance(next.takesMs);
    const tokens = next.tokens ?? Math.min(next.output.length, 10);
    return { output: next.output, tokens, promptTokens: 10, cpuSeconds: next.cpuSeconds ?? 0.5, durationMs: next.takesMs ?? 0, firstTokenMs: null, aborted: false, paramSize: 1.5, model: 'scripted-coder' };
  }
}

export const runResult = (r: Partial<SandboxRunResult>): SandboxRunResult => {
  const exitCode = r.exitCode === undefined ? 0 : r.exitCode;
  const reason = r.reason ?? null;
  return { ok: exitCode === 0 && reason === null, exitCode, stdout: '', stderr: '', reason, reasonText: null, cpuSeconds: 0.25, durationMs: 40, ...r };
};

export class ScriptedSandbox implements SandboxPort {
  readonly requests: SandboxRunRequest[] = [];
  constructor(private readonly script: Array<SandboxRunResult | Error | ((signal?: AbortSignal) => Promise<SandboxRunResult>)>) {}

  async run(request: SandboxRunRequest, options: { signal?: AbortSignal }): Promise<SandboxRunResult> {
    this.requests.push(request);
    const next = this.script.shift();
    if (!next) throw new Error('the scripted sandbox ran out of results');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(options.signal) : next;
  }
}
