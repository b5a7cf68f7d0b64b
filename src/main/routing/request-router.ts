/**
 * Runs one completion on the best device, failing over to the next one. Each attempt re-ranks (loads
 * and links change while a request fails over) and skips devices that already failed this request; at
 * most `maxAttempts` attempts, all within one overall deadline, each bounded by its own timeout. When
 * no device can answer yet while Bluetooth is starting or scanning, the request waits briefly for one.
 * Every request, served or not, is logged as a RoutedRequest. This is the local API's CompletionRunner.
 */
import type { RouteAttempt, RoutedRequest } from '../../shared/routing.js';
import type { Clock } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import { silentLogger } from '../core/logger.js';
import type { Logger } from '../core/logger.js';
import { classifyAttemptFailure } from './attempt-outcome.js';
import type { AttemptVerdict } from './attempt-outcome.js';
import { waitForCandidate } from './candidate-wait.js';
import { rankingForJob } from './coding-route.js';
import { explainFailedAttempts, explainNoCandidate } from './no-device-reason.js';
import { NoDeviceError, RouteAbortedError, RouteBusyError, RouteDeadlineError, UnknownModelError } from './route-errors.js';
import type { ExecutorResult, RouteExecutors } from './route-executor.js';
import { failedRecord, servedRecord } from './route-record.js';
import type { RouteSummary } from './route-record.js';
import { RoutedLog } from './routed-log.js';
import { UnreachableDevices } from './unreachable-devices.js';
import type { RoutedListener } from './routed-log.js';
import { AUTO_MODEL } from './router.js';
import type { CompletionJob, CompletionOutcome, ModelOffer, RankedCandidate, Ranking, RouteCandidate } from './route-types.js';

export interface RequestRouterLimits {
  /** Devices tried per request (default 3). */
  maxAttempts: number;
  /** All attempts together, when the job gives no timeoutMs (default 120 s). */
  overallTimeoutMs: number;
  /** One attempt on one device (default 60 s; never past the overall deadline). */
  attemptTimeoutMs: number;
  /** How long a request waits for a first device while Bluetooth is starting or scanning (default 5 s). */
  waitForCandidateMs: number;
  /** Routed requests kept for recent() (default 50). */
  recentCapacity: number;
}

export const DEFAULT_ROUTER_LIMITS: RequestRouterLimits = {
  maxAttempts: 3, overallTimeoutMs: 120_000, attemptTimeoutMs: 60_000, waitForCandidateMs: 5_000, recentCapacity: 50,
};

export interface RequestRouterDeps {
  /** The current ranking for a model ('auto' = any); the app passes its route board's rank. */
  rank: (model?: string) => Ranking;
  executors: RouteExecutors;
  /** Bluetooth is starting or scanning: devices may still appear. */
  bluetoothSearching: () => boolean;
  /** Called whenever candidates may have changed (peer table, engine model); returns unsubscribe. */
  onCandidatesChanged: (listener: () => void) => () => void;
  clock: Clock;
  newId: () => string;
  logger?: Logger;
  limits?: Partial<RequestRouterLimits>;
}

type AttemptResult = { ok: true; result: ExecutorResult } | { ok: false; verdict: AttemptVerdict; error: unknown };

export class RequestRouter {
  readonly limits: RequestRouterLimits;
  private readonly log: Logger;
  private readonly routed: RoutedLog;
  /** Devices whose last attempt timed out or lost its link, tried last until heard from again. */
  private readonly unreachable = new UnreachableDevices();

  constructor(private readonly deps: RequestRouterDeps) {
    this.limits = { ...DEFAULT_ROUTER_LIMITS, ...deps.limits };
    this.log = (deps.logger ?? silentLogger).child('request-router');
    this.routed = new RoutedLog(this.limits.recentCapacity, this.log);
  }

  /** 'auto' and every model a reachable, routable device serves now, with who serves it. */
  models(): ModelOffer[] {
    const usable = this.deps.rank(AUTO_MODEL).ranked.filter((r) => this.reachable(r.candidate));
    const byModel = new Map<string, string[]>();
    for (const { candidate } of usable) {
      if (candidate.model) byModel.set(candidate.model, [...(byModel.get(candidate.model) ?? []), candidate.name]);
    }
    const named = [...byModel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, servedBy]) => ({ id, servedBy }));
    return [{ id: AUTO_MODEL, servedBy: usable.map((r) => r.candidate.name) }, ...named];
  }

  /** Requests routed lately, newest first. */
  recent(): RoutedRequest[] {
    return this.routed.recent();
  }

  onRouted(listener: RoutedListener): () => void {
    return this.routed.onRouted(listener);
  }

  async run(job: CompletionJob): Promise<CompletionOutcome> {
    checkJob(job);
    const { clock } = this.deps;
    const summary: RouteSummary = { id: this.deps.newId(), job, startedAt: clock.now(), endedAt: 0, attempts: [] };
    const overallMs = job.timeoutMs ?? this.limits.overallTimeoutMs;
    const ended = new AbortController();
    const onCallerAbort = (): void => ended.abort(new RouteAbortedError('The request was cancelled by the caller.'));
    const timer = clock.setTimeout(() => ended.abort(new RouteDeadlineError(overallMs)), overallMs);
    if (job.signal?.aborted) onCallerAbort();
    else job.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const { pick, runnerUp, result } = await this.route(job, summary, ended.signal, summary.startedAt + overallMs);
      summary.endedAt = clock.now();
      this.routed.add(servedRecord(summary, pick, runnerUp, result));
      const picked = pick.candidate;
      this.log.log('info', 'route.served', { id: summary.id, device: picked.name, kind: picked.kind, attempts: summary.attempts.length });
      return {
        requestId: summary.id, output: result.output, completionTokens: result.completionTokens, promptTokens: result.promptTokens,
        finishReason: result.finishReason, servedBy: { id: picked.id, name: picked.name, kind: picked.kind }, terms: { ...pick.terms },
        attempts: summary.attempts.map((a) => ({ ...a })), credits: result.credits,
        ...(result.coding ? { coding: result.coding } : {}),
      };
    } catch (err) {
      const final = endedError(ended.signal, overallMs, summary.attempts) ?? err;
      summary.endedAt = clock.now();
      const message = final instanceof Error ? final.message : String(final);
      this.routed.add(failedRecord(summary, message));
      this.log.log('warn', 'route.failed', { id: summary.id, error: message, attempts: summary.attempts.length });
      throw final;
    } finally {
      clock.clearTimeout(timer);
      job.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async route(job: CompletionJob, summary: RouteSummary, ended: AbortSignal, deadlineAt: number): Promise<{ pick: RankedCandidate; runnerUp: RankedCandidate | null; result: ExecutorResult }> {
    const failed = new Set<string>();
    let waitBudget = this.limits.waitForCandidateMs;
    let busy = 0;
    let ranking = this.rankFor(job);
    while (summary.attempts.length < this.limits.maxAttempts) {
      if (ended.aborted) throw ended.reason;
      ranking = this.rankFor(job);
      const eligible = this.eligible(ranking, failed);
      const pick = eligible[0];
      if (!pick) {
        if (waitBudget <= 0 || !this.deps.bluetoothSearching()) break;
        const since = this.deps.clock.now();
        const found = await waitForCandidate(() => this.eligible(this.rankFor(job), failed).length > 0, this.deps, Math.min(waitBudget, deadlineAt - since), ended);
        waitBudget = found ? waitBudget - (this.deps.clock.now() - since) : 0;
        continue;
      }
      const outcome = await this.attempt(job, pick, summary.attempts, ended, deadlineAt);
      if (outcome.ok) return { pick, runnerUp: eligible[1] ?? null, result: outcome.result };
      failed.add(pick.candidate.id);
      if (outcome.verdict.busy) busy++;
      if (outcome.verdict.stop === 'caller-aborted' || outcome.verdict.stop === 'deadline' || outcome.verdict.stop === 'pass-through') throw outcome.error;
      if (outcome.verdict.stop === 'partly-streamed') {
        throw new NoDeviceError(`${pick.candidate.name} stopped after part of the answer was sent: ${outcome.verdict.message}`, copy(summary.attempts));
      }
    }
    throw this.unanswered(job, ranking, failed, summary.attempts, busy);
  }

  private async attempt(job: CompletionJob, pick: RankedCandidate, attempts: RouteAttempt[], ended: AbortSignal, deadlineAt: number): Promise<AttemptResult> {
    const { clock } = this.deps;
    const picked = pick.candidate;
    const execute = this.deps.executors[picked.kind];
    const startedAt = clock.now();
    const ms = Math.max(1, Math.min(this.limits.attemptTimeoutMs, deadlineAt - startedAt));
    let live = true;
    let streamed = false;
    const forward = job.onToken;
    // Each token names the device producing it, so a streamed answer's headers can say who served it.
    const source = { servedBy: { id: picked.id, name: picked.name, kind: picked.kind }, terms: pick.terms };
    const onToken = forward ? (text: string): void => {
      if (!live) return; // a late token from an attempt the router gave up on
      streamed = true;
      forward(text, source);
    } : undefined;
    const record = (outcome: RouteAttempt['outcome'], error: string | null): void => {
      attempts.push({ deviceId: picked.id, name: picked.name, kind: picked.kind, outcome, error, ms: Math.max(0, clock.now() - startedAt) });
      const cutShort = ms < this.limits.attemptTimeoutMs || ended.reason instanceof RouteDeadlineError;
      this.unreachable.note(picked, outcome, clock.now(), cutShort);
    };
    try {
      if (!execute) throw new Error(`no way to reach a ${picked.kind} device`);
      const result = await withDeadline((signal) => execute(picked, { ...job, signal: undefined, onToken }, signal, ms, startedAt + ms), {
        clock, ms, operation: `request on ${picked.name}`, signal: ended,
      });
      record('served', null);
      return { ok: true, result };
    } catch (error) {
      const verdict = classifyAttemptFailure(error, {
        callerAborted: ended.reason instanceof RouteAbortedError, deadlinePassed: ended.reason instanceof RouteDeadlineError, streamed,
      });
      record(verdict.outcome, verdict.message);
      this.log.log('warn', 'route.attempt.failed', { device: picked.name, kind: picked.kind, outcome: verdict.outcome, error: verdict.message });
      return { ok: false, verdict, error };
    } finally {
      live = false;
    }
  }

  private unanswered(job: CompletionJob, ranking: Ranking, failed: ReadonlySet<string>, attempts: RouteAttempt[], busy: number): Error {
    if (attempts.length === 0) {
      const wanted = job.model && job.model !== AUTO_MODEL ? job.model : null;
      const served = [...ranking.ranked, ...ranking.skipped].some((x) => x.candidate.model === wanted);
      if (wanted !== null && !served) return new UnknownModelError(wanted, this.models().map((m) => m.id));
      return new NoDeviceError(explainNoCandidate(ranking, { reachable: (c) => this.reachable(c), failed }));
    }
    if (busy === attempts.length) return new RouteBusyError('This computer\'s queue is full and no other device can answer now.');
    return new NoDeviceError(explainFailedAttempts(attempts), copy(attempts));
  }

  /** The ranking for this job's model, with the devices a coding request cannot use moved to the skipped. */
  private rankFor(job: CompletionJob): Ranking {
    return rankingForJob(this.deps.rank(job.model), job);
  }

  private eligible(ranking: Ranking, failed: ReadonlySet<string>): RankedCandidate[] {
    const usable = ranking.ranked.filter((r) => !failed.has(r.candidate.id) && this.reachable(r.candidate));
    return this.unreachable.order(usable, this.deps.clock.now());
  }

  private reachable(candidate: RouteCandidate): boolean {
    return this.deps.executors[candidate.kind] !== undefined;
  }
}

/** Bad input is the caller's error, said at once: never tried on one device after another. */
function checkJob(job: CompletionJob): void {
  if (!Number.isInteger(job.maxTokens) || job.maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer (got ${String(job.maxTokens)})`);
  if (job.timeoutMs !== undefined && !(Number.isFinite(job.timeoutMs) && job.timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of milliseconds (got ${String(job.timeoutMs)})`);
  if (typeof job.model !== 'string' || job.model.length === 0) throw new TypeError('model must be "auto" or a model id');
}

/** The caller's abort or the overall deadline, whatever the attempt in flight threw. */
function endedError(ended: AbortSignal, overallMs: number, attempts: RouteAttempt[]): Error | null {
  if (!ended.aborted) return null;
  if (ended.reason instanceof RouteDeadlineError) return new RouteDeadlineError(overallMs, copy(attempts));
  return ended.reason instanceof Error ? ended.reason : new RouteAbortedError('The request was cancelled.');
}

function copy(attempts: RouteAttempt[]): RouteAttempt[] {
  return attempts.map((a) => ({ ...a }));
}
