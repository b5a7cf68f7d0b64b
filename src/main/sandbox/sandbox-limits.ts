/**
 * The limits of a run from the settings (`sandbox.*`) and the task: the subtask's own timeoutMs wins
 * when it is shorter than the configured wall time.
 */
import type { Settings } from '../../shared/settings.js';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-port.js';

export function limitsFromSettings(sandbox: Settings['sandbox']): SandboxLimits {
  return {
    timeoutMs: sandbox.timeoutMs,
    memoryMb: sandbox.memoryMb,
    outputBytes: sandbox.outputKiB * 1024,
    codeBytes: DEFAULT_SANDBOX_LIMITS.codeBytes,
  };
}

/** A task's deadline shortens the run's wall time, never lengthens it; a bad value is ignored. */
export function limitsForTask(base: SandboxLimits, taskTimeoutMs?: number | null): SandboxLimits {
  if (typeof taskTimeoutMs !== 'number' || !Number.isFinite(taskTimeoutMs) || taskTimeoutMs <= 0) return base;
  return { ...base, timeoutMs: Math.min(base.timeoutMs, Math.max(1, Math.floor(taskTimeoutMs))) };
}
