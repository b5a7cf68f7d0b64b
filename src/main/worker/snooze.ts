import type { SnoozePreset, SnoozeRequest } from '../../shared/snooze-args.js';
import type { ActivityEntry } from '../../shared/snapshot.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { SettingsStore } from '../settings/settings-store.js';

export const SNOOZE_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/** The local hour "until tomorrow" ends at. */
export const TOMORROW_HOUR = 8;

/** When a preset ends, from `now`. "tomorrow" is the next calendar day at 08:00 local time (DST via Date). */
export function presetEnd(preset: SnoozePreset, now: number): number {
  if (preset === '15m') return now + 15 * 60_000;
  if (preset === '1h') return now + 60 * 60_000;
  const date = new Date(now);
  date.setDate(date.getDate() + 1);
  date.setHours(TOMORROW_HOUR, 0, 0, 0);
  return date.getTime();
}

/** The end of a requested snooze; a given time must be in the future and at most 7 days away. */
export function snoozeEnd(request: SnoozeRequest, now: number): number {
  if ('preset' in request) return presetEnd(request.preset, now);
  if (!Number.isFinite(request.until) || request.until <= now) throw new RangeError('The snooze end must be in the future');
  if (request.until - now > SNOOZE_MAX_MS) throw new RangeError('A snooze can last at most 7 days');
  return request.until;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14:30" today, "Tue 11 Jun 08:00" on another day: local time, 24-hour, the same on every locale. */
export function formatLocalTime(ms: number, now: number): string {
  const at = new Date(ms);
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  if (at.toDateString() === new Date(now).toDateString()) return time;
  return `${WEEKDAYS[at.getDay()] ?? ''} ${at.getDate()} ${MONTHS[at.getMonth()] ?? ''} ${time}`;
}

/**
 * The snooze: persisted in settings (`snoozedUntil`) so it survives a restart, ended by a timer on the
 * injected clock (and said in Activity), or by resume. Holds no other state.
 */
export class Snooze {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly deps: {
      settings: SettingsStore;
      clock: Clock;
      note: (level: ActivityEntry['level'], message: string) => void;
      /** The snooze started or ended. */
      changed: () => void;
    },
  ) {}

  /** At start: picks up a snooze saved before a restart, or says that it ended while the app was closed. */
  restore(): void {
    const saved = this.deps.settings.read().snoozedUntil;
    if (saved === null) return;
    const now = this.deps.clock.now();
    if (saved <= now) {
      this.deps.settings.update({ snoozedUntil: null });
      this.deps.note('info', `The snooze ended at ${formatLocalTime(saved, now)} while the app was closed.`);
      return;
    }
    this.arm(saved);
    this.deps.note('info', `Still snoozed until ${formatLocalTime(saved, now)} (from before the restart).`);
  }

  /** The active snooze's end, or null. */
  until(): number | null {
    const saved = this.deps.settings.read().snoozedUntil;
    return saved !== null && saved > this.deps.clock.now() ? saved : null;
  }

  start(request: SnoozeRequest): number {
    const now = this.deps.clock.now();
    const end = snoozeEnd(request, now);
    this.deps.settings.update({ snoozedUntil: end });
    this.arm(end);
    this.deps.note('info', `Snoozed until ${formatLocalTime(end, now)}: no new work for others until then.`);
    this.deps.changed();
    return end;
  }

  /** Ends a snooze now; false when there was none. */
  resume(): boolean {
    const was = this.deps.settings.read().snoozedUntil;
    this.clear();
    if (was === null) return false;
    if (was > this.deps.clock.now()) this.deps.note('info', 'Snooze ended: work resumes.');
    this.deps.changed();
    return true;
  }

  dispose(): void {
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(end: number): void {
    this.dispose();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      if (this.deps.settings.read().snoozedUntil !== end) return;
      this.clear();
      this.deps.note('info', `The snooze ended at ${formatLocalTime(end, end)}: work resumes.`);
      this.deps.changed();
    }, Math.max(0, end - this.deps.clock.now()));
  }

  private clear(): void {
    this.dispose();
    if (this.deps.settings.read().snoozedUntil !== null) this.deps.settings.update({ snoozedUntil: null });
  }
}
