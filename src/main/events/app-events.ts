import type { EventName, EventPayload } from '../../shared/contract.js';
import { mergeActivity, mergePeersChanges } from '../../shared/slice-events.js';
import type { OverflowPolicy } from './event-bus.js';

/** An event on its way to the dashboards: a contract event name and its payload. */
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

const byName = (event: AppEvent): string => event.name;

const peersMerge: OverflowPolicy<AppEvent> = {
  kind: 'merge',
  key: byName,
  merge: (queued, next) =>
    queued.name === 'peers' && next.name === 'peers' ? { name: 'peers', payload: mergePeersChanges(queued.payload, next.payload) } : next,
};

const activityMerge: OverflowPolicy<AppEvent> = {
  kind: 'merge',
  key: byName,
  merge: (queued, next) =>
    queued.name === 'activity' && next.name === 'activity' ? { name: 'activity', payload: mergeActivity(queued.payload, next.payload) } : next,
};

const latest: OverflowPolicy<AppEvent> = { kind: 'coalesce_latest', key: byName };

/**
 * Per event, what a subscriber that has not caught up yet receives: peers changes merged per peer id
 * (200 devices updating RSSI become one change per device), activity entries appended, and for every
 * other slice (and the Model panel's status) only the newest value, since it replaces the old one whole;
 * notices are kept one by one.
 */
export function appEventPolicy(event: AppEvent): OverflowPolicy<AppEvent> {
  if (event.name === 'peers') return peersMerge;
  if (event.name === 'activity') return activityMerge;
  // Each notice is its own toast: kept in order (the oldest dropped only if a dashboard stalls).
  if (event.name === 'notice') return { kind: 'drop_oldest' };
  return latest;
}
