import type { RoutedRequest } from '../../shared/routing.js';
import type { Ledger } from '../ledger/create-ledger.js';
import type { ServedTodayCounter } from '../routing/served-today.js';
import { creditsSummary } from './ledger-wiring.js';
import type { SnapshotService } from './snapshot-service.js';

type SlicePort = Pick<SnapshotService, 'slice' | 'update'>;

/**
 * The Credits slice, read again from the ledger: at start, after a sync, after a nearby device's
 * task was recorded, and after a request that paid a device. Without a ledger (no identity) the slice
 * stays empty.
 */
export function creditsRefresher(ledger: Ledger | null, snapshot: Pick<SnapshotService, 'update'>): () => void {
  return () => {
    if (ledger) snapshot.update('credits', creditsSummary(ledger.service));
  };
}

/**
 * What one routed request (local API, the dashboard's prompt box) changes in the snapshot: the routing
 * slice's recent list and today's served counts (an answered request counts; the `self` row is the
 * route board's and stays), and the Credits slice when the request paid a nearby device (a request this
 * computer or a Bluetooth Local phone answered moved no credits).
 */
export function routedRequestsFeed(deps: {
  snapshot: SlicePort;
  servedToday: ServedTodayCounter;
  refreshCredits: () => void;
}): (request: RoutedRequest, recent: RoutedRequest[]) => void {
  const { snapshot } = deps;
  return (request, recent) => {
    snapshot.update('routing', { ...snapshot.slice('routing'), recent, servedToday: deps.servedToday.add(request) });
    if (request.credits) deps.refreshCredits();
  };
}
