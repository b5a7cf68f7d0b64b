/**
 * How long the swarm worker waits before its next pull: at once while work keeps coming; 2 s after the
 * first empty pull or failed call, doubling up to the 15 s heartbeat interval (±10 % jitter, so a fleet
 * restarted together does not pull in lockstep); the heartbeat interval while the coordinator defers
 * this device for power (it re-reads our telemetry at each heartbeat).
 */
import { backoffDelay } from '../core/backoff.js';
import type { BackoffPolicy } from '../core/backoff.js';

export const HEARTBEAT_INTERVAL_MS = 15_000;

export const swarmIdleBackoff: BackoffPolicy = { kind: 'exponential', baseMs: 2_000, capMs: HEARTBEAT_INTERVAL_MS, jitter: 0.1, maxAttempts: Infinity };

export type PullOutcome = 'work' | 'empty' | 'deferred' | 'failed';

/**
 * Delay before the next pull after `outcome`, given how many pulls in a row came back without work
 * before this one (`quietBefore`). Returns the delay and the new count; `random` returns [0, 1).
 */
export function nextPullDelay(outcome: PullOutcome, quietBefore: number, random: () => number): { delayMs: number; quiet: number } {
  if (outcome === 'work') return { delayMs: 0, quiet: 0 };
  if (outcome === 'deferred') return { delayMs: jittered(HEARTBEAT_INTERVAL_MS, random), quiet: quietBefore };
  const quiet = quietBefore + 1;
  return { delayMs: backoffDelay(swarmIdleBackoff, quiet, random) ?? HEARTBEAT_INTERVAL_MS, quiet };
}

function jittered(ms: number, random: () => number): number {
  return Math.round(ms * (0.9 + 0.2 * random()));
}
