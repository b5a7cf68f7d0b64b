/**
 * Seed 000's routing cost, term by term:
 *   model   = max(0, (7 − paramSize) × 8)
 *   load    = currentLoad × 20
 *   battery = (100 − batteryPct) × 0.5, phones only
 *   signal  = min(30, max(0, (−RSSI − 30) × 0.5))
 * This computer has no battery or signal term (it does not pay for its own radio or drain a phone).
 */
import type { CostTerms } from '../../shared/routing.js';

export interface CostInput {
  paramSize: number;
  currentLoad: number;
  deviceType: 'phone' | 'laptop' | 'workstation';
  /** Unknown on a phone counts as empty (the worst case): a device that does not say is not preferred. */
  batteryPct: number | null;
  /** Unknown on a peer counts as the weakest signal (30). */
  rssi: number | null;
  /** This computer: battery and signal terms are 0. */
  local: boolean;
}

export const COST_THRESHOLD = 200;

/** A size that is not a number counts as 0 B (the worst case), as an unknown one does. */
export function modelTerm(paramSize: number): number {
  return Math.max(0, (7 - (Number.isFinite(paramSize) ? paramSize : 0)) * 8);
}

export function loadTerm(currentLoad: number): number {
  return currentLoad * 20;
}

export function batteryTerm(deviceType: CostInput['deviceType'], batteryPct: number | null): number {
  if (deviceType !== 'phone') return 0;
  const pct = batteryPct !== null && Number.isFinite(batteryPct) ? Math.min(100, Math.max(0, batteryPct)) : 0;
  return (100 - pct) * 0.5;
}

export function signalTerm(rssi: number | null): number {
  if (rssi === null || !Number.isFinite(rssi)) return 30;
  return Math.min(30, Math.max(0, (-rssi - 30) * 0.5));
}

export function costTerms(input: CostInput): CostTerms {
  const model = modelTerm(input.paramSize);
  const load = loadTerm(input.currentLoad);
  const battery = input.local ? 0 : batteryTerm(input.deviceType, input.batteryPct);
  const signal = input.local ? 0 : signalTerm(input.rssi);
  return { model, load, battery, signal, total: round(model + load + battery + signal) };
}

/** Sums of halves and eighths are exact in binary, but loads can be fractions: keep totals tidy. */
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
