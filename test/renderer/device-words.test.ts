import { describe, expect, it } from 'vitest';
import { deviceState, explainTerms, seenAgo, signalBars, termsSentence } from '../../src/renderer/components/device-words.js';
import type { RouteStanding } from '../../src/shared/routing.js';

const terms = { model: 32, load: 20, battery: 30, signal: 20, total: 102 };
const ranked: RouteStanding = { terms, rank: 1, skip: null, sizeUnknown: false };
const skipped = (code: NonNullable<RouteStanding['skip']>['code'], message: string): RouteStanding => ({ terms: null, rank: null, skip: { code, message }, sizeUnknown: false });

describe('what the Nearby devices panel says', () => {
  it('explains each term with its input', () => {
    const lines = explainTerms(terms, { self: false, deviceType: 'phone', paramSize: 3, sizeUnknown: false, currentLoad: 1, batteryPct: 40, rssi: -70 });
    expect(lines.map((l) => l.text)).toEqual(['model 3 B → 32', 'load 1 → 20', 'battery 40 % → 30', 'signal −70 dBm → 20']);
  });

  it('says why a term is zero for this computer, a laptop, or an iPhone without a size', () => {
    const zero = { model: 56, load: 0, battery: 0, signal: 0, total: 56 };
    const self = explainTerms(zero, { self: true, deviceType: 'workstation', paramSize: 0.0001, sizeUnknown: false, currentLoad: 0, batteryPct: null, rssi: null });
    expect(self.map((l) => l.text)).toEqual(['model <0.01 B → 56', 'load 0 → 0', 'battery not counted (this computer) → 0', 'signal not counted (this computer) → 0']);
    const laptop = explainTerms(zero, { self: false, deviceType: 'laptop', paramSize: 7, sizeUnknown: false, currentLoad: 0, batteryPct: 80, rssi: -60 });
    expect(laptop[2]?.text).toBe('battery not counted (laptop) → 0');
    const iphone = explainTerms(zero, { self: false, deviceType: 'phone', paramSize: 0, sizeUnknown: true, currentLoad: 0, batteryPct: 90, rssi: -50 });
    expect(iphone[0]?.text).toBe('model size unknown (counted as 0 B) → 56');
  });

  it('names the state: connected, idle after 15 s quiet, stale, other mesh, skipped with the reason', () => {
    expect(deviceState(ranked, 1_000, 10_000).label).toBe('connected');
    expect(deviceState(ranked, 1_000, 20_000).label).toBe('idle');
    expect(deviceState(skipped('stale', 'Not seen for 61 s.'), 0, 0).label).toBe('stale');
    expect(deviceState(skipped('other_mesh', 'Another mesh.'), 0, 0).kind).toBe('other-mesh');
    expect(deviceState(skipped('too_costly', 'Costs 210 (200 or more).'), 0, 0).label).toBe('skipped: Costs 210 (200 or more).');
  });

  it('counts seconds since last seen and turns RSSI into bars', () => {
    expect(seenAgo(10_000, 22_400)).toBe('12 s ago');
    expect(seenAgo(10_000, 9_000)).toBe('now');
    expect(seenAgo(0, 185_000)).toBe('3 min ago');
    expect([-50, -60, -70, -80, -90, null].map(signalBars)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(termsSentence(terms)).toBe('model 32 + load 20 + battery 30 + signal 20 = 102');
  });
});
