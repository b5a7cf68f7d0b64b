/**
 * One sandbox child process seen from the parent: started with the launch of child-flags.ts, ready once
 * its interpreter is loaded, then asked to run code. It is killed (SIGKILL) at the wall-time limit, when
 * its resident memory passes the backstop, or when the caller aborts; the outcome says which.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { ChildLaunch } from './child-flags.js';
import { parseChildLine, type ChildResult } from './child-protocol.js';
import { readChildStats, type ChildStats } from './child-stats.js';
import type { SandboxLimits } from './sandbox-port.js';

export type ChildOutcome =
  | { kind: 'result'; result: ChildResult }
  | { kind: 'killed'; why: 'timeout' | 'memory_limit' | 'aborted'; cpuSeconds: number | null; durationMs: number }
  | { kind: 'died'; message: string; cpuSeconds: number | null; durationMs: number };

export interface SandboxChildOptions {
  /** How to start it; a promise when the launch waits for something (the Python snapshot). */
  launch: ChildLaunch | Promise<ChildLaunch>;
  clock: Clock;
  /** How long loading the interpreter may take before the child counts as failed. */
  startTimeoutMs: number;
  /** How often the resident memory is checked during a run (ms). */
  pollMs?: number;
  stats?: (pid: number | undefined) => ChildStats | null;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Kill at this wall time (the child stops the code itself at the limit; this is the backstop). */
  hardTimeoutMs: number;
  /** Kill when the resident memory passes this (where the OS lets us read it). */
  rssLimitBytes: number;
}

const STDERR_TAIL = 4096;

export class SandboxChild {
  readonly ready: Promise<{ cpuSeconds: number; rssBytes: number }>;
  private proc: ChildProcess | null = null;
  private readonly stats: (pid: number | undefined) => ChildStats | null;
  private exited = false;
  private killed = false;
  private stderrTail = '';
  private nextId = 1;
  private pending: ((line: ChildResult | null) => void) | null = null;

  constructor(private readonly opts: SandboxChildOptions) {
    this.stats = opts.stats ?? readChildStats;
    this.ready = Promise.resolve(opts.launch).then((launch) => this.spawnNow(launch));
    this.ready.catch(() => {});
  }

  private spawnNow(launch: ChildLaunch): Promise<{ cpuSeconds: number; rssBytes: number }> {
    const { opts } = this;
    if (this.killed) return Promise.reject(new Error('the sandbox process was stopped before it started'));
    this.proc = spawn(launch.command, launch.args, { env: launch.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.proc.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    this.proc.stdin?.on('error', () => {});
    let onReady: (v: { cpuSeconds: number; rssBytes: number }) => void = () => {};
    let onFail: (e: Error) => void = () => {};
    const ready = new Promise<{ cpuSeconds: number; rssBytes: number }>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    const startTimer = opts.clock.setTimeout(() => {
      onFail(new Error(`the sandbox interpreter did not start within ${opts.startTimeoutMs} ms`));
      this.kill();
    }, opts.startTimeoutMs);
    const lines = createInterface({ input: this.proc.stdout!, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const msg = parseChildLine(line);
      if (!msg) return;
      if (msg.type === 'ready') {
        opts.clock.clearTimeout(startTimer);
        onReady({ cpuSeconds: msg.cpuSeconds, rssBytes: msg.rssBytes });
      } else if (msg.type === 'failed') {
        opts.clock.clearTimeout(startTimer);
        onFail(new Error(`the sandbox interpreter failed to start: ${msg.message}`));
      } else {
        const settle = this.pending;
        this.pending = null;
        settle?.(msg);
      }
    });
    this.proc.on('error', (err) => {
      opts.clock.clearTimeout(startTimer);
      onFail(new Error(`the sandbox process could not start: ${err.message}`));
    });
    this.proc.on('close', () => {
      this.exited = true;
      opts.clock.clearTimeout(startTimer);
      onFail(new Error(`the sandbox process exited while starting${this.stderrTail ? `: ${this.stderrTail.trim().slice(-500)}` : ''}`));
      const settle = this.pending;
      this.pending = null;
      settle?.(null);
    });
    return ready;
  }

  /** False once killed (even before the OS reports the exit) or exited. */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  kill(): void {
    if (this.exited || this.killed) return;
    this.killed = true;
    this.proc?.kill('SIGKILL');
  }

  run(payload: { code: string; stdin?: string; limits: SandboxLimits }, options: RunOptions): Promise<ChildOutcome> {
    const { clock } = this.opts;
    const started = clock.now();
    const before = this.stats(this.pid);
    const cpuSince = (): number | null => {
      const now = this.stats(this.pid);
      return now && before ? Math.max(0, now.cpuSeconds - before.cpuSeconds) : null;
    };
    return new Promise<ChildOutcome>((resolve) => {
      let done = false;
      const timers: TimerHandle[] = [];
      const finish = (outcome: ChildOutcome): void => {
        if (done) return;
        done = true;
        for (const t of timers) clock.clearTimeout(t);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const killFor = (why: 'timeout' | 'memory_limit' | 'aborted'): void => {
        const cpuSeconds = cpuSince();
        this.kill();
        finish({ kind: 'killed', why, cpuSeconds, durationMs: clock.now() - started });
      };
      const onAbort = (): void => killFor('aborted');
      if (options.signal?.aborted) return killFor('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(clock.setTimeout(() => killFor('timeout'), options.hardTimeoutMs));
      const poll = (): void => {
        const s = this.stats(this.pid);
        if (s && s.rssBytes > options.rssLimitBytes) return killFor('memory_limit');
        timers.push(clock.setTimeout(poll, this.opts.pollMs ?? 100));
      };
      poll();
      this.pending = (result) => {
        if (result) finish({ kind: 'result', result });
        else finish({ kind: 'died', message: this.diedMessage(), cpuSeconds: cpuSince(), durationMs: clock.now() - started });
      };
      if (this.exited || !this.proc) return this.pending(null);
      this.proc.stdin?.write(`${JSON.stringify({ type: 'run', id: this.nextId++, ...payload })}\n`);
    });
  }

  private diedMessage(): string {
    const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    return `the interpreter process ended unexpectedly${tail ? ` (${tail.slice(-300)})` : ''}`;
  }
}
