import type { EventBus } from '../events/event-bus.js';
import type { NetworkMonitor } from '../network/network-monitor.js';
import type { RouteBoard } from '../routing/route-board.js';
import type { AppEvent } from '../events/app-events.js';
import type { InferenceParts } from './inference-wiring.js';
import { modelsStatus } from './model-handlers.js';
import type { SnapshotService } from './snapshot-service.js';

/**
 * Feeds the snapshot's slices from their owners: the route board (Nearby devices and this computer's
 * routing row), the network monitor (Network), the model and the engine (Model, and the Model panel's
 * own event). Returns the function that removes every feed (the core's stop).
 */
export function wireSnapshotFeeds(deps: {
  snapshot: SnapshotService;
  bus: EventBus<AppEvent>;
  routes: Pick<RouteBoard, 'onChange' | 'view'>;
  network: Pick<NetworkMonitor, 'onChange'>;
  inference: Pick<InferenceParts, 'onChange' | 'summary' | 'models' | 'engine'>;
}): () => void {
  const { snapshot, routes, inference } = deps;
  const feeds = [
    routes.onChange(() => {
      const view = routes.view();
      snapshot.update('peers', view.peers);
      snapshot.update('routing', { ...snapshot.slice('routing'), self: view.self });
    }),
    deps.network.onChange((state) => snapshot.update('network', state)),
    inference.onChange(() => {
      snapshot.update('model', inference.summary());
      deps.bus.publish({ name: 'models', payload: modelsStatus(inference.models, inference.engine) });
    }),
  ];
  return () => feeds.splice(0).forEach((off) => off());
}
