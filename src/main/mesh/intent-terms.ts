/**
 * The terms a requester signs into a v2 intent: it expires when the attempt's own deadline passes (the
 * router's per-attempt timeout, never later), and it pays at most a ceiling. cpuSeconds is the
 * provider's process CPU time, which can exceed wall time with several inference threads, so the default
 * ceiling allows CEILING_CPU_PER_WALL_SECOND CPU seconds per second of the attempt at the best quality
 * multiplier (1.0 credit per CPU second), at least MIN_CEILING_CREDITS.
 */
export type CeilingPolicy = (timeoutMs: number) => number;

export const CEILING_CPU_PER_WALL_SECOND = 16;
export const MIN_CEILING_CREDITS = 1;

export const defaultCeiling: CeilingPolicy = (timeoutMs) =>
  Math.max(MIN_CEILING_CREDITS, Math.ceil((timeoutMs / 1000) * CEILING_CPU_PER_WALL_SECOND));

export function intentTerms(issuedAt: number, timeoutMs: number, ceiling: CeilingPolicy = defaultCeiling): { expiresAt: number; maxCredits: number } {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`an intent needs a positive deadline (got ${String(timeoutMs)} ms)`);
  const maxCredits = ceiling(timeoutMs);
  if (!(Number.isFinite(maxCredits) && maxCredits >= 0)) throw new RangeError(`the credit ceiling must be a non-negative number (got ${String(maxCredits)})`);
  // Whole milliseconds, and micro-credits exactly (the encoding refuses more precision).
  return { expiresAt: issuedAt + Math.floor(timeoutMs), maxCredits: Math.floor(maxCredits * 1e6) / 1e6 };
}
