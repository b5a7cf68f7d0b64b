/**
 * The one port every kind of device is driven through by the request router: run this job on this
 * candidate, within `timeoutMs`, stopping when `signal` aborts. An executor throws on any failure, its
 * transport's errors mapped to the route errors below (or core's TimeoutError and AbortedError); the
 * router classifies the error (attempt-outcome.ts) and decides whether to try the next device.
 */
import type { CandidateKind, CodingRun } from '../../shared/routing.js';
import type { CompletionJob, RouteCandidate } from './route-types.js';

export interface ExecutorResult {
  output: string;
  completionTokens: number;
  promptTokens: number;
  finishReason: 'stop' | 'length';
  /** Credits this computer paid (mesh peers, from the verified receipt); null when unpaid. */
  credits: number | null;
  /** A coding request's run (`output` is then its stdout). */
  coding?: CodingRun;
}

/**
 * `deadlineAt` (clock ms) is when the router gives up on this attempt (= start + timeoutMs): a paid
 * attempt's intent expires then, never later, so an answer the router no longer waits for cannot settle.
 */
export type RouteExecutor = (candidate: RouteCandidate, job: CompletionJob, signal: AbortSignal, timeoutMs: number, deadlineAt: number) => Promise<ExecutorResult>;

/** One executor per kind of device; a kind without one (e.g. no Bluetooth central) is never tried. */
export type RouteExecutors = Partial<Record<CandidateKind, RouteExecutor>>;

/** A device answered, but said it failed (ok: false) or gave nothing usable. */
export class DeviceFailedError extends Error {
  override readonly name = 'DeviceFailedError';
  constructor(readonly deviceName: string, detail: string) {
    super(`${deviceName} could not answer: ${detail}`);
  }
}

/** A receipt that does not verify (forged, changed, missing): the output is not used and nothing is recorded. */
export class ReceiptRefusedError extends Error {
  override readonly name = 'ReceiptRefusedError';
  constructor(readonly deviceName: string, detail: string) {
    super(`${deviceName}'s receipt was refused: ${detail}`);
  }
}

/** The link to a nearby device dropped during the exchange. */
export class DeviceLinkLostError extends Error {
  override readonly name = 'DeviceLinkLostError';
}

/** The device's queue is full (this computer's engine): with no other device the request is "busy". */
export class DeviceBusyError extends Error {
  override readonly name = 'DeviceBusyError';
}
