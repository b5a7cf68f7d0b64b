/**
 * The Credits chart's time axis: ticks on whole minutes, hours or days (local time), chosen by the
 * series' time span so that no two ticks read the same: times of day within a day, dates across days.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
  format: (t: number) => string;
}

const steps = { minute: [5, 10, 15, 30], hour: [1, 2, 3, 6, 12], day: [1, 2, 7, 14, 30, 61, 91, 182, 365] } as const;
type Unit = keyof typeof steps;
const unitMs: Record<Unit, number> = { minute: MINUTE, hour: HOUR, day: DAY };

const timeOfDay = (t: number): string => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
const date = (t: number): string => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
/** The tooltip's label: date and time. */
export const fullTime = (t: number): string => new Date(t).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** The first whole `step` of `unit` at or after t (local time). */
function firstTick(t: number, unit: Unit, step: number): number {
  const d = new Date(t);
  if (unit === 'day') {
    d.setHours(0, 0, 0, 0);
    while (d.getTime() < t) d.setDate(d.getDate() + 1);
    return d.getTime();
  }
  if (unit === 'hour') d.setMinutes(0, 0, 0);
  else d.setSeconds(0, 0);
  while (d.getTime() < t || (unit === 'hour' ? d.getHours() : d.getMinutes()) % step !== 0) d.setTime(d.getTime() + unitMs[unit]);
  return d.getTime();
}

function nextTick(t: number, unit: Unit, step: number): number {
  if (unit !== 'day') return t + unitMs[unit] * step;
  const d = new Date(t);
  d.setDate(d.getDate() + step);
  return d.getTime();
}

/** Axis for points at these times; at least an hour is shown so a single point still gets distinct ticks. */
export function timeAxis(times: readonly number[], maxTicks = 6): TimeAxis {
  if (times.length === 0) return { domain: [0, 1], ticks: [], format: timeOfDay };
  let lo = Math.min(...times);
  let hi = Math.max(...times);
  if (hi - lo < HOUR) {
    const mid = (lo + hi) / 2;
    lo = mid - HOUR / 2;
    hi = mid + HOUR / 2;
  }
  const span = hi - lo;
  const unit: Unit = span <= 2 * HOUR ? 'minute' : span <= 1.5 * DAY ? 'hour' : 'day';
  const step = steps[unit].find((s) => span / (s * unitMs[unit]) <= maxTicks - 1) ?? steps[unit][steps[unit].length - 1] ?? 1;
  const ticks: number[] = [];
  for (let t = firstTick(lo, unit, step); t <= hi && ticks.length < maxTicks * 2; t = nextTick(t, unit, step)) ticks.push(t);
  return { domain: [lo, hi], ticks, format: unit === 'day' ? date : timeOfDay };
}
