/**
 * Reconnect / retry delays: fixed, linear or exponential, jittered, capped, with a maximum number of
 * attempts (the Edge Workflow Agent's policy). Randomness is injected so tests are exact.
 */
export type BackoffKind = 'fixed' | 'linear' | 'exponential';

export interface BackoffPolicy {
  kind: BackoffKind;
  /** First delay in ms. */
  baseMs: number;
  /** Upper bound of any delay in ms (before jitter). */
  capMs: number;
  /** Fraction of the delay to randomise, 0..1 (0.1 = ±10 %). */
  jitter: number;
  /** Attempts allowed before giving up; Infinity for no limit. */
  maxAttempts: number;
}

export const defaultBackoff: BackoffPolicy = { kind: 'exponential', baseMs: 500, capMs: 30_000, jitter: 0.1, maxAttempts: 8 };

/**
 * Delay before retry number `attempt` (1-based), or null when attempts are exhausted.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number | null {
  if (!Number.isFinite(attempt) || attempt < 1 || attempt > policy.maxAttempts) return null;
  const raw =
    policy.kind === 'fixed'
      ? policy.baseMs
      : policy.kind === 'linear'
        ? policy.baseMs * attempt
        : policy.baseMs * 2 ** (attempt - 1);
  const capped = Math.min(policy.capMs, raw);
  const spread = capped * Math.min(1, Math.max(0, policy.jitter));
  return Math.max(0, Math.round(capped - spread + 2 * spread * random()));
}
