/**
 * Quality multiplier of a provider's model for credits (seed 000): credits = cpuSeconds × base rate
 * × multiplier. Shared by the model manager, the ledger and the dashboard.
 */
export type ModelSizeClass = '7B+' | '3-7B' | '1.5-3B' | '<1.5B';

export function modelSizeClass(paramSizeBillions: number): ModelSizeClass {
  if (paramSizeBillions >= 7) return '7B+';
  if (paramSizeBillions >= 3) return '3-7B';
  if (paramSizeBillions >= 1.5) return '1.5-3B';
  return '<1.5B';
}

const multipliers: Record<ModelSizeClass, number> = { '7B+': 1.0, '3-7B': 0.7, '1.5-3B': 0.5, '<1.5B': 0.3 };

/** ≥ 7B: 1.0, 3–7B: 0.7, 1.5–3B: 0.5, < 1.5B (or unknown/invalid size): 0.3. */
export function creditsMultiplier(paramSizeBillions: number): number {
  if (!Number.isFinite(paramSizeBillions) || paramSizeBillions < 0) return multipliers['<1.5B'];
  return multipliers[modelSizeClass(paramSizeBillions)];
}

export const CREDIT_BASE_RATE_PER_CPU_SECOND = 1.0;

export function creditsForTask(cpuSeconds: number, paramSizeBillions: number): number {
  if (!Number.isFinite(cpuSeconds) || cpuSeconds <= 0) return 0;
  return cpuSeconds * CREDIT_BASE_RATE_PER_CPU_SECOND * creditsMultiplier(paramSizeBillions);
}
