import type { EventName, EventPayload } from '../../shared/contract.js';
import type { OverflowPolicy } from '../events/event-bus.js';

/** An event on its way to the dashboards: a contract event name and its payload. */
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** Snapshots and model statuses coalesce (only the newest matters); anything else keeps order and drops the oldest when full. */
export function appEventPolicy(event: AppEvent): OverflowPolicy<AppEvent> {
  return event.name === 'snapshot' || event.name === 'models' ? { kind: 'coalesce_latest', key: () => event.name } : { kind: 'drop_oldest' };
}
