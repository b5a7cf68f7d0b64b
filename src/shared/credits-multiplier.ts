/**
 * Size classes of a provider's model and their credit multiplier, for the Model panel and the model
 * manager. The numbers come from the ledger's exact formula (ledger-credits.ts), the one both signers
 * and the coordinator use, so the UI can never show a different multiplier than the one settled.
 */
import { computeCredits, qualityMultiplier } from './ledger-credits.js';

export type ModelSizeClass = '7B+' | '3-7B' | '1.5-3B' | '<1.5B';

export function modelSizeClass(paramSizeBillions: number): ModelSizeClass {
  if (paramSizeBillions >= 7) return '7B+';
  if (paramSizeBillions >= 3) return '3-7B';
  if (paramSizeBillions >= 1.5) return '1.5-3B';
  return '<1.5B';
}

/** ≥ 7B: 1.0, 3–7B: 0.7, 1.5–3B: 0.5, < 1.5B (or unknown/invalid size): 0.3. */
export function creditsMultiplier(paramSizeBillions: number): number {
  return Number.isFinite(paramSizeBillions) && paramSizeBillions >= 0 ? qualityMultiplier(paramSizeBillions) : qualityMultiplier(0);
}

export function creditsForTask(cpuSeconds: number, paramSizeBillions: number): number {
  if (!Number.isFinite(cpuSeconds) || cpuSeconds <= 0) return 0;
  return computeCredits(cpuSeconds, Number.isFinite(paramSizeBillions) && paramSizeBillions >= 0 ? paramSizeBillions : 0);
}
