/**
 * Why a routed request could not be answered, in words the local API and the dashboard show as they
 * are: the one list of route errors. Each is a RouteError with its `kind`; the API maps each kind to its
 * HTTP status (503 / 429 with Retry-After, 404, 504, 400, 499), the prompt box says it as a refusal.
 */
import type { RouteAttempt } from '../../shared/routing.js';

/** Every error a routed request ends with; `kind` tells them apart (exhaustively, see AnyRouteError). */
export abstract class RouteError extends Error {
  abstract readonly kind: AnyRouteError['kind'];
}

/** No device can answer now (none known, all skipped, or every attempt failed): HTTP 503. */
export class NoDeviceError extends RouteError {
  override readonly name = 'NoDeviceError';
  readonly kind = 'no-device';
  constructor(message: string, readonly attempts: RouteAttempt[] = [], readonly retryAfterSec = 5) {
    super(message);
  }
}

/** Every candidate that could answer is busy and its queue is full: HTTP 429. */
export class RouteBusyError extends RouteError {
  override readonly name = 'RouteBusyError';
  readonly kind = 'busy';
  constructor(message: string, readonly retryAfterSec = 2) {
    super(message);
  }
}

/** A named model nobody reachable serves: HTTP 404. */
export class UnknownModelError extends RouteError {
  override readonly name = 'UnknownModelError';
  readonly kind = 'unknown-model';
  constructor(readonly model: string, readonly available: string[]) {
    super(`The model "${model}" is not served by this computer or any nearby device now (available: ${available.join(', ') || 'none'}).`);
  }
}

/** The overall deadline passed before any device answered: HTTP 504. */
export class RouteDeadlineError extends RouteError {
  override readonly name = 'RouteDeadlineError';
  readonly kind = 'deadline';
  constructor(readonly ms: number, readonly attempts: RouteAttempt[] = []) {
    super(`No device answered within ${Math.round(ms / 1000)} s.`);
  }
}

/** The prompt does not fit the serving model's context: HTTP 400 (never silently truncated). */
export class ContextTooLongError extends RouteError {
  override readonly name = 'ContextTooLongError';
  readonly kind = 'context-too-long';
  constructor(readonly promptTokens: number, readonly contextSize: number) {
    super(`The prompt has ${promptTokens} tokens; with max_tokens it does not fit the model's context of ${contextSize} tokens.`);
  }
}

/** The caller went away (client disconnected, AbortSignal). */
export class RouteAbortedError extends RouteError {
  override readonly name = 'RouteAbortedError';
  readonly kind = 'aborted';
}

export type AnyRouteError = NoDeviceError | RouteBusyError | UnknownModelError | RouteDeadlineError | ContextTooLongError | RouteAbortedError;
