import { describe, expect, it } from 'vitest';
import { formatCountdown, spokenCountdown } from '../../src/renderer/worker/countdown.js';
import { filterActivity } from '../../src/renderer/worker/activity-filter.js';
import { heartbeatSummary } from '../../src/renderer/worker/heartbeat-summary.js';
import { deviceChange, rowView } from '../../src/renderer/sim/device-change.js';
import type { ActivityEntry } from '../../src/shared/snapshot.js';
import type { SimDeviceState } from '../../src/shared/sim-status.js';

describe('snooze countdown', () => {
  it.each([
    [15 * 60_000, '15:00', '15 minutes left'],
    [14 * 60_000 + 59_001, '15:00', '15 minutes left'],
    [61_000, '1:01', '1 minute 1 second left'],
    [-5, '0:00', '0 seconds left'],
    [3_900_000, '1 h 05 min', '1 hour 5 minutes left'],
    [26 * 3_600_000, '1 d 2 h', '26 hours left'],
  ])('%d ms reads "%s" ("%s")', (ms, shown, spoken) => {
    expect(formatCountdown(ms)).toBe(shown);
    expect(spokenCountdown(ms)).toBe(spoken);
  });
});

describe('heartbeat summary', () => {
  it('counts answered and failed heartbeats', () => {
    const beats = Array.from({ length: 20 }, (_, i) => ({ at: i, ok: i % 10 !== 3, ms: i % 10 !== 3 ? 12 : null, error: i % 10 !== 3 ? null : 'refused' }));
    expect(heartbeatSummary(beats)).toBe('last 20 heartbeats: 18 answered, 2 failed');
    expect(heartbeatSummary(beats.slice(0, 1))).toBe('last heartbeat: 1 answered, 0 failed');
    expect(heartbeatSummary([])).toBe('no heartbeats sent yet');
  });
});

describe('activity filter', () => {
  const entries: ActivityEntry[] = [
    { at: 3, level: 'info', message: 'lost', kind: 'network' },
    { at: 2, level: 'warn', message: 'sync failed', kind: 'problems' },
    { at: 1, level: 'info', message: 'mode', kind: 'mode' },
  ];
  it('shows everything with no kind chosen, else only the chosen kinds in order', () => {
    expect(filterActivity(entries, new Set())).toEqual(entries);
    expect(filterActivity(entries, new Set(['network'])).map((e) => e.message)).toEqual(['lost']);
    expect(filterActivity(entries, new Set(['mode', 'network'])).map((e) => e.message)).toEqual(['lost', 'mode']);
  });
});

describe('Simulator panel device change', () => {
  const phone: SimDeviceState = { id: 'c0:de:5e:00:00:00', name: 'EdgeCoder sim-phone-1', kind: 'phone', agentId: 'ec-1', batteryPct: 80, currentLoad: 0, rssi: -55 };
  const iphone: SimDeviceState = { ...phone, id: 'c0:de:5e:00:00:01', name: 'iPhone 1', kind: 'iphone', agentId: null, currentLoad: null };

  it('turns valid inputs into the contract change (no load for an iPhone)', () => {
    expect(deviceChange(phone, { batteryPct: '23', currentLoad: '1.5', rssi: '-70' })).toEqual({ ok: true, args: { id: phone.id, batteryPct: 23, currentLoad: 1.5, rssi: -70 } });
    expect(deviceChange(iphone, { batteryPct: ' 5 ', currentLoad: '', rssi: '-60' })).toEqual({ ok: true, args: { id: iphone.id, batteryPct: 5, rssi: -60 } });
  });

  it('names each bad field with the contract range, and empty or non-numeric input', () => {
    expect(deviceChange(phone, { batteryPct: '140', currentLoad: '0', rssi: '5' })).toEqual({
      ok: false, error: 'Battery: must be a whole percent from 0 to 100; RSSI: must be whole dBm from -127 to 0',
    });
    expect(deviceChange(phone, { batteryPct: '', currentLoad: 'x', rssi: '-50' })).toEqual({ ok: false, error: 'Battery: enter a number; Load: enter a number' });
    expect(deviceChange(phone, { batteryPct: '50', currentLoad: '65', rssi: '-50' })).toEqual({ ok: false, error: 'Load: must be from 0 to 64 tasks' });
  });

  it('a row shows its kept edit while the device is unchanged, and the device\'s new values once it changes', () => {
    const fresh = rowView(phone, undefined);
    expect(fresh).toEqual({ basis: JSON.stringify(phone), draft: { batteryPct: '80', currentLoad: '0', rssi: '-55' }, error: null });
    // Typed, refused, scrolled away and back: the panel hands the same edit back.
    const typed = { ...fresh, draft: { ...fresh.draft, batteryPct: '140' }, error: 'Battery: must be a whole percent from 0 to 100' };
    expect(rowView({ ...phone }, typed)).toBe(typed);
    // The core changed the device (an Apply went through): what was typed gives way.
    expect(rowView({ ...phone, batteryPct: 23 }, typed)).toEqual({ basis: JSON.stringify({ ...phone, batteryPct: 23 }), draft: { batteryPct: '23', currentLoad: '0', rssi: '-55' }, error: null });
  });
});
