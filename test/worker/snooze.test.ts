import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { formatLocalTime, presetEnd, Snooze, snoozeEnd, SNOOZE_MAX_MS } from '../../src/main/worker/snooze.js';
import { tempDir } from '../support/temp-dir.js';

const MIN = 60_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

beforeAll(() => {
  // A zone with daylight saving, so "tomorrow 08:00" is checked across a clock change.
  process.env.TZ = 'Europe/Berlin';
});

describe('snooze presets', () => {
  it('15 min and 1 h from now', () => {
    expect(presetEnd('15m', 1_000_000)).toBe(1_000_000 + 15 * MIN);
    expect(presetEnd('1h', 1_000_000)).toBe(1_000_000 + 60 * MIN);
  });

  it.each([
    ['an ordinary evening', '2024-06-10T21:30:00+02:00', '2024-06-11T08:00:00+02:00'],
    ['just after midnight: the next calendar day', '2024-06-11T00:30:00+02:00', '2024-06-12T08:00:00+02:00'],
    ['the night clocks go forward (23 h day)', '2024-03-30T20:00:00+01:00', '2024-03-31T08:00:00+02:00'],
    ['the night clocks go back (25 h day)', '2024-10-26T20:00:00+02:00', '2024-10-27T08:00:00+01:00'],
    ['the last day of a month', '2024-01-31T10:00:00+01:00', '2024-02-01T08:00:00+01:00'],
  ])('tomorrow 08:00 local time: %s', (_name, now, expected) => {
    expect(new Date(presetEnd('tomorrow', Date.parse(now))).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('a given end time must be in the future and at most 7 days away', () => {
    expect(snoozeEnd({ until: 5000 }, 1000)).toBe(5000);
    expect(() => snoozeEnd({ until: 1000 }, 1000)).toThrow('The snooze end must be in the future');
    expect(() => snoozeEnd({ until: 1000 + SNOOZE_MAX_MS + 1 }, 1000)).toThrow('A snooze can last at most 7 days');
    expect(snoozeEnd({ until: 1000 + SNOOZE_MAX_MS }, 1000)).toBe(1000 + SNOOZE_MAX_MS);
  });
});

describe('snooze state', () => {
  function open(dir: string, clock: ManualClock): { snooze: Snooze; notes: string[]; changes: () => number; settings: ReturnType<typeof openConfSettings> } {
    const settings = openConfSettings(dir, memoryLogger(), () => clock.now());
    const notes: string[] = [];
    let changes = 0;
    const snooze = new Snooze({ settings, clock, note: (_l, m) => notes.push(m), changed: () => changes++ });
    cleanups.push(() => snooze.dispose());
    return { snooze, notes, changes: () => changes, settings };
  }

  it('survives a restart (a new settings store on the same file) and ends by itself, saying so', async () => {
    const { dir, cleanup } = tempDir('edgecoder-snooze-');
    cleanups.push(cleanup);
    const clock = new ManualClock(Date.parse('2024-06-10T12:00:00+02:00'));
    const first = open(dir, clock);
    const end = first.snooze.start({ preset: '1h' });
    expect(first.snooze.until()).toBe(end);
    first.snooze.dispose();

    await clock.advance(20 * MIN);
    const second = open(dir, clock);
    expect(second.settings.read().snoozedUntil).toBe(end);
    second.snooze.restore();
    expect(second.snooze.until()).toBe(end);
    expect(second.notes).toEqual(['Still snoozed until 13:00 (from before the restart).']);

    await clock.advance(40 * MIN - 1);
    expect(second.snooze.until()).toBe(end);
    await clock.advance(1);
    expect(second.snooze.until()).toBeNull();
    expect(second.settings.read().snoozedUntil).toBeNull();
    expect(second.notes.at(-1)).toBe('The snooze ended at 13:00: work resumes.');
    expect(second.changes()).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('a snooze that ended while the app was closed is cleared at start and said once', async () => {
    const { dir, cleanup } = tempDir('edgecoder-snooze-');
    cleanups.push(cleanup);
    const clock = new ManualClock(Date.parse('2024-06-10T12:00:00+02:00'));
    const before = open(dir, clock);
    before.snooze.start({ preset: '15m' });
    before.snooze.dispose(); // the app quits
    await clock.advance(2 * 60 * MIN);
    const later = open(dir, clock);
    later.snooze.restore();
    expect(later.snooze.until()).toBeNull();
    expect(later.settings.read().snoozedUntil).toBeNull();
    expect(later.notes).toEqual(['The snooze ended at 12:15 while the app was closed.']);
  });

  it('resume ends it at once; a second snooze replaces the first', async () => {
    const { dir, cleanup } = tempDir('edgecoder-snooze-');
    cleanups.push(cleanup);
    const clock = new ManualClock(Date.parse('2024-06-10T12:00:00+02:00'));
    const s = open(dir, clock);
    s.snooze.start({ preset: '15m' });
    const end = s.snooze.start({ preset: '1h' });
    await clock.advance(15 * MIN);
    expect(s.snooze.until()).toBe(end);
    expect(s.snooze.resume()).toBe(true);
    expect(s.snooze.until()).toBeNull();
    expect(s.snooze.resume()).toBe(false);
    expect(s.notes.at(-1)).toBe('Snooze ended: work resumes.');
    expect(clock.pending).toBe(0);
  });
});

describe('snooze times in words', () => {
  it('today as HH:MM, another day with its date', () => {
    const now = Date.parse('2024-06-10T21:30:00+02:00');
    expect(formatLocalTime(Date.parse('2024-06-10T22:05:00+02:00'), now)).toBe('22:05');
    expect(formatLocalTime(presetEnd('tomorrow', now), now)).toBe('Tue 11 Jun 08:00');
  });
});
