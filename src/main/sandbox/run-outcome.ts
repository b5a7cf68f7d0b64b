/**
 * What a run's outcome means for the caller: the reason code, its sentence, and the result fields of
 * the port. Pure, so every limit's wording is tested without starting an interpreter.
 */
import type { ChildOutcome } from './sandbox-child.js';
import type { SandboxLimits, SandboxReason, SandboxRunResult } from './sandbox-port.js';

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

export function reasonText(reason: SandboxReason, limits: SandboxLimits, detail?: string): string {
  switch (reason) {
    case 'timeout': return `ran past the ${seconds(limits.timeoutMs)} limit and was stopped`;
    case 'memory_limit': return `used more than the ${limits.memoryMb} MB memory limit and was stopped`;
    case 'output_limit': return `printed more than ${Math.round(limits.outputBytes / 1024)} KiB and was stopped; the output is cut there`;
    case 'code_too_large': return `the code is ${detail ?? 'over'} bytes, over the ${Math.round(limits.codeBytes / 1024)} KiB limit; nothing ran`;
    case 'outside_subset': return `needs module ${detail ?? '(unknown)'}, which the sandbox does not have`;
    case 'aborted': return 'the run was cancelled';
    case 'sandbox_error': return `the sandbox failed: ${detail ?? 'unknown error'}`;
  }
}

function ended(reason: SandboxReason, limits: SandboxLimits, base: Omit<SandboxRunResult, 'ok' | 'reason' | 'reasonText'>, detail?: string): SandboxRunResult {
  return { ...base, ok: false, reason, reasonText: reasonText(reason, limits, detail) };
}

export function outcomeToResult(outcome: ChildOutcome, limits: SandboxLimits): SandboxRunResult {
  if (outcome.kind !== 'result') {
    // The process was killed or died: only what the OS measured is known (cpu null where it cannot say:
    // the wall time is then the upper bound of the CPU time a single-threaded interpreter used).
    const cpuSeconds = outcome.cpuSeconds ?? outcome.durationMs / 1000;
    const base = { exitCode: null, stdout: '', stderr: '', cpuSeconds, durationMs: Math.round(outcome.durationMs) };
    if (outcome.kind === 'killed') return ended(outcome.why, limits, base);
    return ended('sandbox_error', limits, base, outcome.message);
  }
  const r = outcome.result;
  const base = {
    exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, cpuSeconds: r.cpuSeconds, durationMs: Math.round(r.durationMs),
  };
  const unfinished = { ...base, exitCode: null };
  if (r.timedOut && r.exitCode !== 0) return ended('timeout', limits, unfinished);
  if (r.memoryRefused && r.exitCode !== 0) return ended('memory_limit', limits, unfinished);
  if (r.outputCut) return ended('output_limit', limits, base);
  if (r.crash !== null) return ended('sandbox_error', limits, unfinished, r.crash.split('\n')[0]?.slice(0, 300));
  if (r.exitCode !== 0 && r.missingModule) {
    return { ...ended('outside_subset', limits, base, r.missingModule), missingModule: r.missingModule };
  }
  return { ...base, ok: r.exitCode === 0, reason: null, reasonText: null };
}

export function codeTooLarge(code: string, limits: SandboxLimits): SandboxRunResult | null {
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes <= limits.codeBytes) return null;
  return ended('code_too_large', limits, { exitCode: null, stdout: '', stderr: '', cpuSeconds: 0, durationMs: 0 }, String(bytes));
}
