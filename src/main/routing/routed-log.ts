/**
 * The requests this computer routed lately (newest first), for the dashboard's routing panel and the
 * snapshot: bounded, and every new one is announced to listeners.
 */
import type { RoutedRequest } from '../../shared/routing.js';
import type { Logger } from '../core/logger.js';

export type RoutedListener = (request: RoutedRequest) => void;

export class RoutedLog {
  private readonly items: RoutedRequest[] = [];
  private readonly listeners = new Set<RoutedListener>();

  constructor(readonly capacity: number, private readonly log: Logger) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  add(request: RoutedRequest): void {
    this.items.unshift(request);
    if (this.items.length > this.capacity) this.items.length = this.capacity;
    for (const l of this.listeners) {
      try {
        l(request);
      } catch (err) {
        this.log.log('error', 'routed.listener.threw', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  /** Newest first; copies, so callers cannot change the log. */
  recent(): RoutedRequest[] {
    return this.items.map((r) => structuredClone(r));
  }

  onRouted(listener: RoutedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
