/**
 * The swarm worker (mode On): pulls subtasks from the coordinator while the admission gate lets this
 * computer take contributed work, runs each on the local engine within the subtask's timeoutMs and posts
 * the result. One pull in flight at a time; each pull holds one admitted slot, which passes to the task
 * it brings, so the gate's capacity bounds the tasks running at once. No work or a failed call backs off
 * (pull-backoff.ts); powerDeferred waits a heartbeat interval; 401 registers again and carries on.
 *
 * stop() starts no new pull; a pull already on the wire is not aborted (the coordinator may have leased a
 * task before its reply lands) but waited for, and a task it brings is handed back (/release) so another
 * worker gets it at once. stop({ finishRunning: true }) (drain) lets running tasks finish and
 *
 * A task keeps its slot until its result is delivered or given up (with the reason), so the gate's
 * "finish then stop" ends only when the last result has been reported.
 * report; plain stop() (Off, app exit) aborts them and their reports: the coordinator's lease hands
 * those tasks to another worker, so nothing is reported half done.
 */
import { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import type { Service } from '../core/service.js';
import type { CallOptions } from '../coordinator-client/coordinator-client.js';
import { CoordinatorHttpError } from '../coordinator-client/coordinator-errors.js';
import type { PullReply, ReleaseRequest, ResultExtras, ResultRequest, Subtask } from '../coordinator-client/coordinator-schemas.js';
import type { RunOptions, TaskInput, TaskResult } from '../inference/engine-types.js';
import type { AdmissionPort } from './admission-port.js';
import { nextPullDelay, type PullOutcome } from './pull-backoff.js';
import { postResult } from './result-poster.js';
import type { CodingRunner } from '../coding/coding-types.js';
import { runSubtask } from './subtask-runner.js';
import type { SwarmTaskEvent } from './swarm-activity.js';

export type SwarmState = 'stopped' | 'pulling' | 'idle' | 'backing-off' | 'deferred';

export interface SwarmStatus {
  state: SwarmState;
  /** Why the worker is in this state, in words (the gate's reasons, the coordinator's power reason…). */
  detail: string;
  /** Subtasks running on the engine now. */
  running: number;
  /** Subtasks run and accepted by the coordinator (ok) since start. */
  tasksDone: number;
  /** Subtasks that failed, were refused or could not be reported. */
  tasksFailed: number;
  lastError: string | null;
}

export interface SwarmEngine {
  run(input: TaskInput, options: RunOptions): Promise<TaskResult>;
}

export interface SwarmWorkerOptions {
  client: {
    pull(agentId: string, opts: CallOptions): Promise<PullReply>;
    result(body: ResultRequest, opts: CallOptions): Promise<void>;
    release(body: ReleaseRequest, opts: CallOptions): Promise<void>;
  };
  agentId: () => string;
  /** Registers with the coordinator again (CoordinatorSession), after a 401. */
  reregister(signal: AbortSignal): Promise<void>;
  engine: SwarmEngine;
  /** Runs coding subtasks (python, javascript) in the sandbox; absent: every subtask is answered as a completion. */
  coding?: CodingRunner;
  admission: AdmissionPort;
  clock: Clock;
  random?: () => number;
  /** Tokens a subtask may generate (the coordinator's subtask carries no limit); default 1024. */
  maxTokens?: number;
  /** Per call to the coordinator; default 10 s. */
  callTimeoutMs?: number;
}

export class SwarmWorker extends EventEmitter<{ status: [SwarmStatus]; task: [SwarmTaskEvent] }> implements Service {
  readonly name = 'swarm-worker';
  private active = false;
  private pulling = false;
  /** The pull on the wire (and the hand-back of what it brings after a stop); stop() waits for it. */
  private pullDone: Promise<void> = Promise.resolve();
  private timer: TimerHandle | null = null;
  private loop = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private quiet = 0;
  private authFailures = 0;
  private readonly tasks = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private current: SwarmStatus = { state: 'stopped', detail: 'Not contributing (mode is not On).', running: 0, tasksDone: 0, tasksFailed: 0, lastError: null };

  constructor(private readonly opts: SwarmWorkerOptions) {
    super();
  }

  get status(): SwarmStatus {
    return { ...this.current, running: this.tasks.size };
  }

  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.loop = new AbortController();
    this.quiet = 0;
    this.unsubscribe = this.opts.admission.onChange(() => this.kick());
    this.kick();
  }

  /** Stops pulling now; aborts running tasks unless `finishRunning`; resolves once none is left. */
  async stop(opts: { finishRunning?: boolean } = {}): Promise<void> {
    if (this.active) {
      this.active = false;
      this.unsubscribe?.();
      this.unsubscribe = null;
      if (this.timer) this.opts.clock.clearTimeout(this.timer);
      this.timer = null;
      this.loop.abort(new Error('the swarm worker stopped'));
      this.set({ state: 'stopped', detail: opts.finishRunning ? 'Finishing the running swarm tasks, then stopping.' : 'Not contributing (mode is not On).' });
    }
    if (!opts.finishRunning) for (const t of this.tasks.values()) t.abort.abort(new Error('the swarm worker stopped'));
    await Promise.all([this.pullDone, ...[...this.tasks.values()].map((t) => t.done)]);
  }

  /** Pulls if nothing is pending and the gate admits one more task. */
  private kick(): void {
    if (!this.active || this.pulling || this.timer) return;
    // Marked pulling before asking: the gate announces the slot it grants, and that change must not
    // start a second pull from inside this one.
    this.pulling = true;
    const admission = this.opts.admission.tryAdmit('swarm');
    if (!admission.admitted) {
      this.pulling = false;
      const why = admission.reasons.map((r) => r.message).join(' ');
      this.set({ state: 'idle', detail: why || 'Waiting for the admission gate.' });
      return;
    }
    this.pulling = true;
    this.pullDone = this.pullOnce(admission.release);
  }

  private async pullOnce(release: () => void): Promise<void> {
    const signal = this.loop.signal;
    const timeoutMs = this.opts.callTimeoutMs ?? 10_000;
    this.set({ state: 'pulling', detail: 'Asking the coordinator for work.' });
    let outcome: PullOutcome = 'failed';
    let detail = '';
    let handedOff = false;
    try {
      // Not aborted by stop(): the coordinator may lease a task before the reply lands; we must see it to hand it back.
      const reply = await this.opts.client.pull(this.opts.agentId(), { timeoutMs });
      if (!this.active) {
        if (reply.subtask) await this.handBack(reply.subtask, timeoutMs);
        return;
      }
      this.authFailures = 0;
      this.set({ lastError: null });
      if (reply.subtask) {
        outcome = 'work';
        handedOff = true;
        this.runTask(reply.subtask, release);
      } else if (reply.powerDeferred) {
        outcome = 'deferred';
        detail = `The coordinator holds work back for power reasons: ${reply.reason ?? 'no reason given'}.`;
      } else {
        outcome = 'empty';
        detail = 'No work queued at the coordinator.';
      }
    } catch (err) {
      if (!this.active) return;
      const message = err instanceof Error ? err.message : String(err);
      detail = `Pull failed: ${message}`;
      this.set({ lastError: message });
      if (err instanceof CoordinatorHttpError && err.status === 401 && this.authFailures++ === 0) {
        try {
          await withDeadline((s) => this.opts.reregister(s), { clock: this.opts.clock, ms: timeoutMs, operation: 'registering again', signal });
          outcome = 'work'; // registered again: pull again at once
        } catch (regErr) {
          detail = `Registering again failed: ${regErr instanceof Error ? regErr.message : String(regErr)}`;
          this.set({ lastError: detail });
        }
      }
    } finally {
      // Release while still marked pulling, so the gate's change callback does not start a second pull.
      if (!handedOff) release();
      this.pulling = false;
    }
    this.scheduleNext(outcome, detail);
  }

  private scheduleNext(outcome: PullOutcome, detail: string): void {
    if (!this.active) return;
    const random = this.opts.random ?? Math.random;
    const next = nextPullDelay(outcome, this.quiet, random);
    this.quiet = next.quiet;
    if (next.delayMs === 0) return this.kick();
    this.set({ state: outcome === 'deferred' ? 'deferred' : 'backing-off', detail: `${detail} Next pull in ${Math.round(next.delayMs / 1000)} s.` });
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.kick();
    }, next.delayMs);
  }

  /** A task leased by a pull that raced a stop: the coordinator queues it again at once instead of holding the lease. */
  private async handBack(subtask: Subtask, timeoutMs: number): Promise<void> {
    const base = { subtaskId: subtask.id, taskId: subtask.taskId, ok: false, durationMs: 0 };
    try {
      await this.opts.client.release({ agentId: this.opts.agentId(), subtaskId: subtask.id, reason: 'the worker stopped before starting it' }, { timeoutMs });
      this.emit('task', { ...base, report: 'handed-back' });
    } catch (err) {
      this.emit('task', { ...base, report: 'handed-back', reportError: err instanceof Error ? err.message : String(err) });
    }
  }

  private runTask(subtask: Subtask, release: () => void): void {
    const abort = new AbortController();
    // The slot is held until the result is delivered or given up, not just until the engine is done:
    // "finish then stop" ends at the last release, and must not cut a result off on its way out.
    const done = this.execute(subtask, abort.signal).finally(release).finally(() => {
      this.tasks.delete(subtask.id);
      this.emit('status', this.status);
      this.kick();
    });
    this.tasks.set(subtask.id, { abort, done });
    this.emit('status', this.status);
  }

  private async execute(subtask: Subtask, signal: AbortSignal): Promise<void> {
    const { clock } = this.opts;
    const started = clock.now();
    let ok = false;
    let output = '';
    let error: string | undefined;
    let extras: ResultExtras = {};
    try {
      const run = await runSubtask({ engine: this.opts.engine, ...(this.opts.coding ? { coding: this.opts.coding } : {}), maxTokens: this.opts.maxTokens ?? 1024 }, subtask, signal);
      ({ ok, output, error, extras } = run);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const durationMs = clock.now() - started;
    const base = { subtaskId: subtask.id, taskId: subtask.taskId, ok, durationMs, ...(error ? { error } : {}), ...(extras.answeredAs ? { extras } : {}) };
    if (signal.aborted) return this.finishTask({ ...base, report: 'abandoned' });
    const body: ResultRequest = { ...extras, subtaskId: subtask.id, taskId: subtask.taskId, agentId: this.opts.agentId(), ok, output, durationMs, ...(error ? { error } : {}) };
    const posted = await postResult(
      {
        post: (b, o) => this.opts.client.result(b, o),
        reregister: (s) => this.opts.reregister(s),
        clock,
        random: this.opts.random ?? Math.random,
        timeoutMs: this.opts.callTimeoutMs ?? 10_000,
      },
      body,
      signal,
    );
    if (signal.aborted) return this.finishTask({ ...base, report: 'abandoned' });
    this.finishTask({ ...base, report: posted.report, ...(posted.report === 'undelivered' ? { reportError: posted.error } : {}) });
  }

  private finishTask(e: SwarmTaskEvent): void {
    if (e.report === 'accepted' && e.ok) this.current.tasksDone++;
    else if (e.report !== 'abandoned') this.current.tasksFailed++;
    if (e.report === 'undelivered') this.current.lastError = e.reportError ?? null;
    this.emit('task', e);
  }

  private set(patch: Partial<SwarmStatus>): void {
    this.current = { ...this.current, ...patch };
    this.emit('status', this.status);
  }
}
