/**
 * The sandbox port: runs untrusted task code (Python in Pyodide, JavaScript in QuickJS) in a process of
 * its own, with nothing of the host reachable and hard limits. The coding-task loop, the swarm worker,
 * the mesh provider and `npm run sandbox` all depend on this port only; the real implementation is
 * chosen at the composition root.
 */
export type SandboxLanguage = 'python' | 'javascript';

export const SANDBOX_LANGUAGES: readonly SandboxLanguage[] = ['python', 'javascript'];

/** Why a run ended without exit code 0 on its own, as a code the loop and the UI can act on. */
export type SandboxReason =
  | 'timeout' // the wall-time limit was hit
  | 'memory_limit' // the memory limit was hit
  | 'output_limit' // stdout or stderr went over its cap (the run was cut, the output kept up to the cap)
  | 'code_too_large' // the code is over the size limit; nothing ran
  | 'outside_subset' // the code needs a module the interpreter does not have (numpy, requests…)
  | 'aborted' // the caller's AbortSignal fired
  | 'sandbox_error'; // the interpreter itself failed (crashed, could not start)

export interface SandboxLimits {
  /** Wall time of one run, ms (default 10 000). */
  timeoutMs: number;
  /** Memory of the process running the code, MB (default 256). */
  memoryMb: number;
  /** Cap of stdout and of stderr each, bytes (default 64 KiB); the rest is cut with a marker. */
  outputBytes: number;
  /** Largest code accepted, bytes (default 256 KiB). */
  codeBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  timeoutMs: 10_000,
  memoryMb: 256,
  outputBytes: 64 * 1024,
  codeBytes: 256 * 1024,
};

export interface SandboxRunRequest {
  language: SandboxLanguage;
  code: string;
  /** Optional text on stdin. */
  stdin?: string;
  /** Limits for this run; missing fields take the sandbox's configured limits. */
  limits?: Partial<SandboxLimits>;
}

export interface SandboxRunResult {
  /** exitCode === 0 and no reason. */
  ok: boolean;
  /** The program's exit code; null when it never finished (timeout, memory, abort, sandbox error). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  reason: SandboxReason | null;
  /** The reason in words ("ran past the 10 s limit", "needs module numpy, which the sandbox lacks"). */
  reasonText: string | null;
  /** For outside_subset: the module that was missing. */
  missingModule?: string;
  /** CPU time the run really used (measured, not estimated), in seconds. */
  cpuSeconds: number;
  durationMs: number;
}

export interface SandboxPort {
  run(request: SandboxRunRequest, options: { signal?: AbortSignal }): Promise<SandboxRunResult>;
  /** Optional: start loading an interpreter for the language now (a coding task arrived; the model is still writing). */
  warm?(language: SandboxLanguage): void;
}
