import { describe, expect, it } from 'vitest';
import { evaluatePower, type PowerPolicySettings } from '../../src/main/power/power-policy.js';
import { mainsNoBattery, type PowerReading } from '../../src/main/power/power-source.js';

const laptop = (patch: Partial<PowerReading>): PowerReading => ({ ...mainsNoBattery, hasBattery: true, deviceType: 'laptop', batteryPct: 80, ...patch });
const policy = (patch: Partial<PowerPolicySettings> = {}): PowerPolicySettings => ({ runOnlyWhileCharging: false, minBatteryPct: 20, ...patch });

describe('power policy', () => {
  it.each<[string, PowerReading, PowerPolicySettings, boolean, { hold: boolean; held: boolean; codes: string[] }]>([
    ['mains, no battery', mainsNoBattery, policy({ runOnlyWhileCharging: true }), false, { hold: false, held: false, codes: [] }],
    ['laptop on charger, charging-only on', laptop({ onACPower: true }), policy({ runOnlyWhileCharging: true }), false, { hold: false, held: false, codes: [] }],
    ['laptop on battery, charging-only on', laptop({ onACPower: false, batteryPct: 42 }), policy({ runOnlyWhileCharging: true }), false, { hold: true, held: false, codes: ['power_on_battery'] }],
    ['laptop on battery, charging-only off', laptop({ onACPower: false, batteryPct: 42 }), policy(), false, { hold: false, held: false, codes: [] }],
    ['19 % on battery: below the threshold', laptop({ onACPower: false, batteryPct: 19 }), policy(), false, { hold: true, held: true, codes: ['power_battery_low'] }],
    ['20 % on battery, not held before: at the threshold runs', laptop({ onACPower: false, batteryPct: 20 }), policy(), false, { hold: false, held: false, codes: [] }],
    ['22 % on battery after a hold: still held (resumes at 25)', laptop({ onACPower: false, batteryPct: 22 }), policy(), true, { hold: true, held: true, codes: ['power_battery_low'] }],
    ['24 % on battery after a hold: still held', laptop({ onACPower: false, batteryPct: 24 }), policy(), true, { hold: true, held: true, codes: ['power_battery_low'] }],
    ['25 % on battery after a hold: resumes', laptop({ onACPower: false, batteryPct: 25 }), policy(), true, { hold: false, held: false, codes: [] }],
    ['10 % but on the charger: the threshold does not apply', laptop({ onACPower: true, batteryPct: 10 }), policy(), true, { hold: false, held: false, codes: [] }],
    ['threshold 0 never holds', laptop({ onACPower: false, batteryPct: 1 }), policy({ minBatteryPct: 0 }), false, { hold: false, held: false, codes: [] }],
    ['battery level unknown on battery: no threshold hold', laptop({ onACPower: false, batteryPct: null }), policy(), false, { hold: false, held: false, codes: [] }],
    ['thermal fair runs', laptop({ thermalState: 'fair' }), policy(), false, { hold: false, held: false, codes: [] }],
    ['thermal serious holds', { ...mainsNoBattery, thermalState: 'serious' }, policy(), false, { hold: true, held: false, codes: ['power_thermal'] }],
    ['thermal critical holds', { ...mainsNoBattery, thermalState: 'critical' }, policy(), false, { hold: true, held: false, codes: ['power_thermal'] }],
    ['low-power mode holds', laptop({ lowPowerMode: true }), policy(), false, { hold: true, held: false, codes: ['power_low_power_mode'] }],
    ['low-power mode unknown runs', laptop({ lowPowerMode: null }), policy(), false, { hold: false, held: false, codes: [] }],
    ['everything at once, in order', laptop({ onACPower: false, batteryPct: 5, thermalState: 'serious', lowPowerMode: true }), policy({ runOnlyWhileCharging: true }), false,
      { hold: true, held: true, codes: ['power_on_battery', 'power_battery_low', 'power_thermal', 'power_low_power_mode'] }],
  ])('%s', (_name, reading, settings, wasHeld, expected) => {
    const verdict = evaluatePower(reading, settings, wasHeld);
    expect({ hold: verdict.hold, held: verdict.heldForBattery, codes: verdict.reasons.map((r) => r.code) }).toEqual(expected);
  });

  it('says the reason in words', () => {
    const v = evaluatePower(laptop({ onACPower: false, batteryPct: 42 }), policy({ runOnlyWhileCharging: true }), false);
    expect(v.reasons[0]?.message).toBe('On battery (42 %), run only while charging is on');
    const low = evaluatePower(laptop({ onACPower: false, batteryPct: 22 }), policy(), true);
    expect(low.reasons[0]?.message).toBe('Battery at 22 %, still under 25 % after dropping below 20 %: resumes at 25 % or on the charger');
  });

  it('a falling and rising battery flips once each way (hysteresis over a sequence)', () => {
    let held = false;
    const holds: boolean[] = [];
    for (const pct of [30, 21, 20, 19, 18, 20, 23, 24, 25, 26, 22, 19]) {
      const v = evaluatePower(laptop({ onACPower: false, batteryPct: pct }), policy(), held);
      held = v.heldForBattery;
      holds.push(v.hold);
    }
    expect(holds).toEqual([false, false, false, true, true, true, true, true, false, false, false, true]);
  });
});
