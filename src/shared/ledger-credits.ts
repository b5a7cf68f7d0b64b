/**
 * The credit formula of seed 000, in exact integer units so both signers, the store and the
 * coordinator compute bit-identical amounts:
 *   credits = cpuSeconds × 1.0 (base rate per CPU second) × quality multiplier(provider paramSize)
 * Units: cpuSeconds travel as milliseconds (cpuMillis), paramSize as millions of parameters
 * (paramMillions), credits as micro-credits (creditsMicro). Pure: used by main, coordinator and UI.
 */

/** Quality multiplier in per-mille, by the provider model's size in millions of parameters. */
export function qualityMultiplierPermille(paramMillions: number): number {
  if (paramMillions >= 7000) return 1000;
  if (paramMillions >= 3000) return 700;
  if (paramMillions >= 1500) return 500;
  return 300;
}

/** Multiplier as a plain number (1.0, 0.7, 0.5, 0.3) for display. */
export function qualityMultiplier(paramSizeBillions: number): number {
  return qualityMultiplierPermille(Math.round(paramSizeBillions * 1000)) / 1000;
}

/** Base rate: 1.0 credit per CPU second, i.e. 1000 micro-credits per CPU millisecond at multiplier 1.0. */
export const BASE_RATE_PER_CPU_SECOND = 1.0;

/** creditsMicro = cpuMillis × multiplierPermille (exact: 1 ms × 1.0 = 0.001 credit = 1000 µcredits). */
export function computeCreditsMicro(cpuMillis: number, paramMillions: number): number {
  return cpuMillis * qualityMultiplierPermille(paramMillions);
}

/** Largest values accepted anywhere, so every product stays an exact double (< 2^53). */
export const MAX_CPU_MILLIS = 1_000_000_000_000; // ~31 years of CPU
export const MAX_PARAM_MILLIONS = 100_000_000; // 100,000 B

/**
 * Converts a decimal quantity with at most `decimals` decimals to an exact integer, or null when the
 * number is not finite, negative, or has more precision than the unit allows.
 */
export function toExactUnits(value: number, scale: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const units = Math.round(value * scale);
  if (!Number.isSafeInteger(units) || units / scale !== value) return null;
  return units;
}

export const cpuSecondsToMillis = (s: number): number | null => toExactUnits(s, 1000);
export const paramSizeToMillions = (b: number): number | null => toExactUnits(b, 1000);
export const creditsToMicro = (c: number): number | null => toExactUnits(c, 1_000_000);
export const microToCredits = (micro: number): number => micro / 1_000_000;
export const millisToCpuSeconds = (ms: number): number => ms / 1000;
export const millionsToParamSize = (m: number): number => m / 1000;

/** Credits for a task as a display number (exact for amounts below 2^53 micro-credits). */
export function computeCredits(cpuSeconds: number, paramSizeBillions: number): number {
  const ms = Math.round(cpuSeconds * 1000);
  return microToCredits(computeCreditsMicro(ms, Math.round(paramSizeBillions * 1000)));
}
