import type { PauseReason } from '../../shared/snapshot.js';
import type { PowerReading } from './power-source.js';

/** The power settings (settings.power). */
export interface PowerPolicySettings {
  runOnlyWhileCharging: boolean;
  /** Below this charge, on battery, the worker holds; 0 never holds. */
  minBatteryPct: number;
}

/** Held for low battery, the worker resumes only this many points above the threshold (no flapping). */
export const BATTERY_RESUME_MARGIN_PCT = 5;

export interface PowerVerdict {
  hold: boolean;
  reasons: PauseReason[];
  /** Feed back as `wasHeldForBattery` on the next evaluation (the hysteresis memory). */
  heldForBattery: boolean;
}

/**
 * Whether the power situation holds contributed work, and why in words. Pure: the caller keeps
 * `heldForBattery` between readings. The battery threshold applies on battery only (on mains the
 * battery charges); thermal state serious or critical and the OS's low-power mode always hold.
 */
export function evaluatePower(reading: PowerReading, settings: PowerPolicySettings, wasHeldForBattery: boolean): PowerVerdict {
  const reasons: PauseReason[] = [];
  const pct = reading.batteryPct;
  const onBattery = reading.hasBattery && !reading.onACPower;
  const pctText = pct === null ? '' : ` (${pct} %)`;

  if (onBattery && settings.runOnlyWhileCharging) {
    reasons.push({ code: 'power_on_battery', message: `On battery${pctText}, run only while charging is on` });
  }

  let heldForBattery = false;
  if (onBattery && pct !== null && settings.minBatteryPct > 0) {
    const resumeAt = Math.min(100, settings.minBatteryPct + BATTERY_RESUME_MARGIN_PCT);
    heldForBattery = wasHeldForBattery ? pct < resumeAt : pct < settings.minBatteryPct;
    if (heldForBattery) {
      const why = pct < settings.minBatteryPct ? `below the ${settings.minBatteryPct} % threshold` : `still under ${resumeAt} % after dropping below ${settings.minBatteryPct} %`;
      reasons.push({ code: 'power_battery_low', message: `Battery at ${pct} %, ${why}: resumes at ${resumeAt} % or on the charger` });
    }
  }

  if (reading.thermalState === 'serious' || reading.thermalState === 'critical') {
    reasons.push({ code: 'power_thermal', message: `The system is running hot (thermal state ${reading.thermalState}): waiting for it to cool down` });
  }
  if (reading.lowPowerMode === true) {
    reasons.push({ code: 'power_low_power_mode', message: 'The system is in low-power mode' });
  }
  return { hold: reasons.length > 0, reasons, heldForBattery };
}
