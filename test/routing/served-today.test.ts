import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { localDay, ServedTodayCounter } from '../../src/main/routing/served-today.js';
import type { RoutedRequest } from '../../src/shared/routing.js';

const request = (over: Partial<RoutedRequest>): RoutedRequest => ({
  id: 'r', at: 0, source: 'local-api', model: 'auto', ok: true, servedBy: null, terms: null, runnerUp: null,
  attempts: [], latencyMs: 1, completionTokens: 1, credits: null, error: null, ...over,
});

describe('requests served today', () => {
  it('counts answered requests by source; failed ones are not served', () => {
    const clock = new ManualClock(new Date(2025, 4, 10, 9, 0).getTime());
    const counter = new ServedTodayCounter(clock);
    counter.add(request({ source: 'local-api' }));
    counter.add(request({ source: 'local-api', ok: false }));
    expect(counter.add(request({ source: 'dashboard' }))).toEqual({ day: '2025-05-10', localApi: 1, dashboard: 1 });
  });

  it('starts again on a new local day', async () => {
    const clock = new ManualClock(new Date(2025, 4, 10, 23, 59).getTime());
    const counter = new ServedTodayCounter(clock);
    counter.add(request({}));
    counter.add(request({}));
    await clock.advance(2 * 60_000);
    expect(counter.add(request({ source: 'dashboard' }))).toEqual({ day: '2025-05-11', localApi: 0, dashboard: 1 });
    expect(localDay(new Date(2025, 0, 2, 0, 0).getTime())).toBe('2025-01-02');
  });
});
