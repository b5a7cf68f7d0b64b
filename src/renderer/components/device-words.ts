/**
 * What the Nearby devices panel says about a device: its state, when it was last seen, its signal in
 * bars, and each of seed 000's cost terms with the input it came from ("battery 40 % → 30"). Pure
 * functions of the snapshot, so they are tested without a browser.
 */
import type { CostTerms, RouteStanding } from '../../shared/routing.js';
import type { Peer } from '../../shared/snapshot.js';

export const fmt = (n: number): string => String(Number(n.toFixed(2)));

/** Credits are small numbers (a task pays thousandths): up to 6 decimals, as the ledger keeps them. */
export const fmtCredits = (n: number): string => String(Number(n.toFixed(6)));

/** "7 B", "1.5 B"; a tiny test model's 0.0001 B as "<0.01 B" rather than a misleading 0. */
export const fmtSize = (b: number): string => (b > 0 && b < 0.01 ? '<0.01 B' : `${fmt(b)} B`);

export type DeviceState = { kind: 'connected' | 'idle' | 'stale' | 'other-mesh' | 'skipped'; label: string };

/** Heard within this long: connected; longer (up to the router's 60 s staleness): idle. */
export const QUIET_AFTER_MS = 15_000;

/** Connected = usable and heard lately; idle = usable but quiet for a while; stale, other mesh, or skipped with why. */
export function deviceState(route: RouteStanding, lastSeenAt: number, now: number): DeviceState {
  const skip = route.skip;
  if (skip?.code === 'stale') return { kind: 'stale', label: 'stale' };
  if (skip?.code === 'other_mesh') return { kind: 'other-mesh', label: 'other mesh' };
  if (skip) return { kind: 'skipped', label: `skipped: ${skip.message}` };
  return now - lastSeenAt <= QUIET_AFTER_MS ? { kind: 'connected', label: 'connected' } : { kind: 'idle', label: 'idle' };
}

/** "seen 12 s ago", "seen 3 min ago"; "seen now" under a second (clock skew never goes negative). */
export function seenAgo(lastSeenAt: number, now: number): string {
  const s = Math.max(0, Math.floor((now - lastSeenAt) / 1000));
  // Under the "Seen" heading: short enough for the narrow column at 900 px.
  if (s < 1) return 'now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** 0–4 bars from RSSI (−55 dBm and stronger is 4; weaker than −85, or unknown, is 0). */
export function signalBars(rssi: number | null): number {
  if (rssi === null) return 0;
  if (rssi >= -55) return 4;
  if (rssi >= -65) return 3;
  if (rssi >= -75) return 2;
  if (rssi >= -85) return 1;
  return 0;
}

export const TERM_NAMES = ['model', 'load', 'battery', 'signal'] as const;
export type TermName = (typeof TERM_NAMES)[number];

/** What a term is computed from; `self` for this computer (no battery or signal term). */
export interface TermInputs {
  self: boolean;
  deviceType: Peer['deviceType'];
  paramSize: number;
  sizeUnknown: boolean;
  currentLoad: number;
  batteryPct: number | null;
  rssi: number | null;
}

/** One line per term: its input, the arrow, its value, and the rule in words. */
export function explainTerms(terms: CostTerms, i: TermInputs): { name: TermName; text: string; rule: string }[] {
  const size = i.sizeUnknown ? 'model size unknown (counted as 0 B)' : `model ${fmtSize(i.paramSize)}`;
  const battery = i.self ? 'battery not counted (this computer)'
    : i.deviceType !== 'phone' ? `battery not counted (${i.deviceType})`
      : i.batteryPct === null ? 'battery unknown' : `battery ${fmt(i.batteryPct)} %`;
  const signal = i.self ? 'signal not counted (this computer)' : i.rssi === null ? 'signal unknown' : `signal ${fmt(i.rssi).replace('-', '−')} dBm`;
  return [
    { name: 'model', text: `${size} → ${fmt(terms.model)}`, rule: 'smaller models cost more: (7 − size) × 8, never below 0' },
    { name: 'load', text: `load ${fmt(i.currentLoad)} → ${fmt(terms.load)}`, rule: 'each running or queued task adds 20' },
    { name: 'battery', text: `${battery} → ${fmt(terms.battery)}`, rule: 'phones only: (100 − battery %) × 0.5' },
    { name: 'signal', text: `${signal} → ${fmt(terms.signal)}`, rule: 'weaker signal costs more: (−RSSI − 30) × 0.5, at most 30' },
  ];
}

/** "model 32 + load 20 + battery 0 + signal 15 = 67", for aria-labels and tooltips. */
export function termsSentence(terms: CostTerms): string {
  return `${TERM_NAMES.map((n) => `${n} ${fmt(terms[n])}`).join(' + ')} = ${fmt(terms.total)}`;
}
