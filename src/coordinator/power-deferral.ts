/**
 * The reference coordinator's power rule for handing out work (EdgeCoder's published policy, the parts
 * our telemetry carries): a laptop on battery under 15 % or any device whose thermal state is serious
 * or critical gets no task; a phone on battery at or under 20 % gets none either. CPU load is not a
 * reason here: a worker that is busy running our own task would defer itself.
 */
import { z } from 'zod';

export const reportedPowerSchema = z.looseObject({
  onACPower: z.boolean().optional(),
  batteryPct: z.number().min(0).max(100).nullable().optional(),
  thermalState: z.enum(['nominal', 'fair', 'serious', 'critical']).optional(),
  deviceType: z.enum(['phone', 'laptop', 'workstation']).optional(),
});
export type ReportedPower = z.infer<typeof reportedPowerSchema>;

export const LAPTOP_MIN_BATTERY_PCT = 15;
export const PHONE_MIN_BATTERY_PCT = 20;

/** Why this device must not get work now, or null when it may. Unknown telemetry never defers. */
export function powerDeferral(power: ReportedPower | null): string | null {
  if (!power) return null;
  if (power.thermalState === 'serious' || power.thermalState === 'critical') return `thermal state ${power.thermalState}`;
  const onBattery = power.onACPower === false;
  const pct = power.batteryPct;
  if (!onBattery || pct === null || pct === undefined) return null;
  if (power.deviceType === 'phone' && pct <= PHONE_MIN_BATTERY_PCT) return `phone on battery at ${pct} % (≤ ${PHONE_MIN_BATTERY_PCT} %)`;
  if (power.deviceType !== 'phone' && pct < LAPTOP_MIN_BATTERY_PCT) return `on battery at ${pct} % (< ${LAPTOP_MIN_BATTERY_PCT} %)`;
  return null;
}

/** The stored telemetry (JSON text, possibly from an older build or garbage) read leniently. */
export function parseStoredPower(text: string | null): ReportedPower | null {
  if (!text) return null;
  try {
    const r = reportedPowerSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
