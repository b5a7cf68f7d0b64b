/**
 * How many requests this computer's router answered today, by source (the local API, the dashboard's
 * prompt box), for the Local API panel. "Today" is the local calendar day of the injected clock; the
 * count starts again at the first request of a new day. Failed requests are not counted as served.
 */
import type { RoutedRequest } from '../../shared/routing.js';
import type { Routing } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import { localDay } from '../../shared/local-day.js';

export { localDay };

export type ServedToday = Routing['servedToday'];

export class ServedTodayCounter {
  private value: ServedToday;

  constructor(private readonly clock: Clock) {
    this.value = { day: localDay(clock.now()), localApi: 0, dashboard: 0 };
  }

  /** Counts one routed request (when it was answered) and returns today's figures. */
  add(request: RoutedRequest): ServedToday {
    const day = localDay(this.clock.now());
    if (day !== this.value.day) this.value = { day, localApi: 0, dashboard: 0 };
    if (request.ok) {
      if (request.source === 'local-api') this.value = { ...this.value, localApi: this.value.localApi + 1 };
      else this.value = { ...this.value, dashboard: this.value.dashboard + 1 };
    }
    return { ...this.value };
  }
}
