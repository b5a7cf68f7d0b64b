/**
 * The sandbox port's implementation: Python in Pyodide and JavaScript in QuickJS, each in a child
 * process of its own (see child-flags.ts for what that process may do) that the limits can kill. The
 * app's process only starts children, sends them code and reads their answers.
 */
import { systemClock, type Clock } from '../core/clock.js';
import type { ChildLaunch } from './child-flags.js';
import { childLauncher } from './child-launcher.js';
import { InterpreterPool } from './interpreter-pool.js';
import { pythonSnapshotMaker, type SnapshotMaker } from './python-snapshot.js';
import { codeTooLarge, outcomeToResult, reasonText } from './run-outcome.js';
import { SandboxChild, type ChildOutcome } from './sandbox-child.js';
import { resolveSandboxPaths, type SandboxPaths } from './sandbox-paths.js';
import {
  DEFAULT_SANDBOX_LIMITS, SANDBOX_LANGUAGES, type SandboxLanguage, type SandboxLimits, type SandboxPort, type SandboxRunRequest, type SandboxRunResult,
} from './sandbox-port.js';

export interface WasmSandboxOptions {
  /** The configured limits, read at every run (settings change live); a request's own limits win. */
  limits?: () => SandboxLimits;
  clock?: Clock;
  /** Drop a warm interpreter after this long unused (default 5 minutes). */
  idleDropMs?: number;
  /** Loading an interpreter may take this long (default 60 s: Pyodide takes 1–7 s on a busy machine). */
  startTimeoutMs?: number;
  paths?: SandboxPaths;
  /** Start Python children from a start-up snapshot made once (default true; false: every child starts the slow way). */
  pythonSnapshot?: boolean;
}

/** The child stops the code itself at the limit; the process is killed this much later if it did not. */
const KILL_GRACE_MS = 1500;
/** Room over the memory limit for the interpreter itself before the resident-memory backstop kills. */
const RSS_SLACK_BYTES = 160 * 1024 * 1024;

export class WasmSandbox implements SandboxPort {
  private readonly pool: InterpreterPool;
  private readonly snapshot: SnapshotMaker;
  private readonly clock: Clock;
  private readonly limits: () => SandboxLimits;

  constructor(opts: WasmSandboxOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.limits = opts.limits ?? (() => DEFAULT_SANDBOX_LIMITS);
    const paths = opts.paths ?? resolveSandboxPaths();
    const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
    const launcher = childLauncher(paths);
    this.snapshot = pythonSnapshotMaker((out) => launcher.pythonSnapshotMaker(out));
    const pythonLaunch = async (): Promise<ChildLaunch> =>
      launcher.task('python', opts.pythonSnapshot === false ? null : await this.snapshot.file());
    this.pool = new InterpreterPool({
      clock: this.clock,
      idleDropMs: opts.idleDropMs ?? 5 * 60_000,
      retireRssBytes: 256 * 1024 * 1024,
      start: (language) => new SandboxChild({ clock: this.clock, startTimeoutMs, launch: language === 'python' ? pythonLaunch() : launcher.task(language) }),
    });
  }

  /** Loads an interpreter for the language ahead of its first run (a coding task has arrived). */
  warm(language: SandboxLanguage): void {
    this.pool.warm(language);
  }

  hasWarm(language: SandboxLanguage): boolean {
    return this.pool.hasSpare(language);
  }

  /** Resolves once the warm interpreter of the language (if any) is loaded. */
  whenWarm(language: SandboxLanguage): Promise<void> {
    return this.pool.spareReady(language);
  }

  warmPids(): number[] {
    return this.pool.sparePids();
  }

  async run(request: SandboxRunRequest, options: { signal?: AbortSignal } = {}): Promise<SandboxRunResult> {
    const limits: SandboxLimits = { ...this.limits(), ...definedOnly(request.limits ?? {}) };
    if (!SANDBOX_LANGUAGES.includes(request.language)) {
      return failed('sandbox_error', limits, `language ${String(request.language)} is not one the sandbox runs (python, javascript)`);
    }
    if (typeof request.code !== 'string') return failed('sandbox_error', limits, 'the code is not text');
    const tooLarge = codeTooLarge(request.code, limits);
    if (tooLarge) return tooLarge;
    if (options.signal?.aborted) return failed('aborted', limits);
    const child = this.pool.take(request.language);
    let outcome: ChildOutcome;
    try {
      const ready = await untilReadyOrAborted(child, options.signal);
      if (ready === 'aborted') {
        child.kill();
        this.pool.warm(request.language);
        return failed('aborted', limits);
      }
      outcome = await child.run(
        { code: request.code, ...(request.stdin !== undefined ? { stdin: request.stdin } : {}), limits },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          hardTimeoutMs: limits.timeoutMs + KILL_GRACE_MS,
          rssLimitBytes: ready.rssBytes + limits.memoryMb * 1024 * 1024 + RSS_SLACK_BYTES,
        },
      );
    } catch (e) {
      child.kill();
      this.pool.warm(request.language);
      return failed('sandbox_error', limits, e instanceof Error ? e.message : String(e));
    }
    this.pool.release(request.language, child, outcome.kind === 'result' ? outcome.result.rssBytes : null);
    return outcomeToResult(outcome, limits);
  }

  stop(): void {
    this.pool.stop();
    this.snapshot.dispose();
  }
}

function failed(reason: 'sandbox_error' | 'aborted', limits: SandboxLimits, detail?: string): SandboxRunResult {
  return { ok: false, exitCode: null, stdout: '', stderr: '', reason, reasonText: reasonText(reason, limits, detail), cpuSeconds: 0, durationMs: 0 };
}

function definedOnly(limits: Partial<SandboxLimits>): Partial<SandboxLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

async function untilReadyOrAborted(child: SandboxChild, signal?: AbortSignal): Promise<{ rssBytes: number } | 'aborted'> {
  if (!signal) return child.ready;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    child.ready.then(
      (r) => (signal.removeEventListener('abort', onAbort), resolve(r)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
