import type { Logger } from '../core/logger.js';
import type { ModeService } from '../modes/mode-service.js';
import type { NetworkMonitor } from './network-monitor.js';

/** Tells the user something happened: a desktop notification in the shell, the Activity panel always. */
export type Notifier = (title: string, body: string) => void;

/**
 * DESIGN "Compute modes": losing the coordinator while On switches to Bluetooth Local (logged,
 * notified); when it is reachable again the user is told and the offline ledger syncs, but the mode
 * does NOT switch back by itself.
 */
export function wireOfflineFallback(deps: {
  network: NetworkMonitor;
  mode: ModeService;
  notify: Notifier;
  onRestored: () => void;
  logger: Logger;
}): () => void {
  return deps.network.onChange((state, transition) => {
    if (transition === 'lost' && deps.mode.current.mode === 'on') {
      deps.mode.set('bluetooth-local', 'network-lost');
      deps.notify('Coordinator unreachable', `Switched to Bluetooth Local. ${state.detail}`);
    } else if (transition === 'restored') {
      deps.notify(
        'Coordinator reachable again',
        deps.mode.current.mode === 'on' ? 'Syncing the offline ledger.' : 'Syncing the offline ledger. Switch to On to rejoin the swarm.',
      );
      deps.onRestored();
    }
  });
}
