/**
 * What one failed attempt means for a routed request: its outcome as the dashboard shows it, and
 * whether the router may try the next device. Pure. The rule: fail over on a device's error, timeout,
 * lost link or refused receipt; never after the caller aborted, after the overall deadline, for an
 * error the caller must see as it is (a prompt too long for the context), or once part of the answer
 * has already been streamed to the caller (a second device's answer cannot be appended to it).
 */
import type { RouteAttempt } from '../../shared/routing.js';
import { TimeoutError } from '../core/deadline.js';
import { DeviceBusyError, DeviceLinkLostError, ReceiptRefusedError } from './route-executor.js';
import { ContextTooLongError } from './route-errors.js';

export type AttemptStop = 'caller-aborted' | 'deadline' | 'pass-through' | 'partly-streamed';

export interface AttemptVerdict {
  outcome: RouteAttempt['outcome'];
  /** Why, in words (shown with the attempt). */
  message: string;
  /** Null: try the next device. */
  stop: AttemptStop | null;
  /** The device's queue was full (this computer): with no other device the request is "busy", not "no device". */
  busy: boolean;
}

export interface AttemptContext {
  /** The caller's signal had aborted when the attempt ended. */
  callerAborted: boolean;
  /** The request's overall deadline had passed when the attempt ended. */
  deadlinePassed: boolean;
  /** Some of this attempt's output already reached the caller. */
  streamed: boolean;
}

export function classifyAttemptFailure(err: unknown, ctx: AttemptContext): AttemptVerdict {
  const message = err instanceof Error ? err.message : String(err);
  if (ctx.callerAborted) return { outcome: 'aborted', message: 'cancelled by the caller', stop: 'caller-aborted', busy: false };
  if (ctx.deadlinePassed) return { outcome: 'timeout', message: 'the request\'s overall deadline passed', stop: 'deadline', busy: false };
  if (err instanceof ContextTooLongError) return { outcome: 'failed', message, stop: 'pass-through', busy: false };
  const outcome = outcomeOf(err);
  return { outcome, message, stop: ctx.streamed ? 'partly-streamed' : null, busy: err instanceof DeviceBusyError };
}

function outcomeOf(err: unknown): RouteAttempt['outcome'] {
  if (err instanceof TimeoutError) return 'timeout';
  if (err instanceof DeviceLinkLostError) return 'link-lost';
  if (err instanceof ReceiptRefusedError) return 'refused';
  return 'failed';
}
