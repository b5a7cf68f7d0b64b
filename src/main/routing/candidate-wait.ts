/**
 * While Bluetooth is starting or scanning and no device can answer yet, a request waits briefly for
 * one instead of failing at once. Resolves true as soon as `found()` holds (checked now and on every
 * change of the candidates), false when `ms` pass first; rejects when `signal` aborts.
 */
import type { Clock } from '../core/clock.js';
import { AbortedError } from '../core/deadline.js';

export interface CandidateWaitDeps {
  clock: Clock;
  onCandidatesChanged: (listener: () => void) => () => void;
}

export function waitForCandidate(found: () => boolean, deps: CandidateWaitDeps, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.reject(new AbortedError('waiting for a device', signal.reason));
  if (found()) return Promise.resolve(true);
  if (ms <= 0) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      deps.clock.clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => settle(() => reject(new AbortedError('waiting for a device', signal.reason)));
    const timer = deps.clock.setTimeout(() => settle(() => resolve(false)), ms);
    const unsubscribe = deps.onCandidatesChanged(() => {
      if (settled) return;
      let ok: boolean;
      try {
        ok = found();
      } catch (err) {
        settle(() => reject(err));
        return;
      }
      if (ok) settle(() => resolve(true));
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
