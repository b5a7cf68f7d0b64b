/**
 * A bounded event bus (the Edge Workflow Agent's bounded queues): each subscriber has its own queue of
 * at most `capacity` events, drained one delivery at a time, so a slow subscriber (a WebSocket client,
 * a renderer) can never grow memory or hold up the others. When a queue is full, the event's policy
 * decides: `drop_oldest` discards the oldest queued event; `coalesce_latest` keeps only the newest
 * event per key (applied on every publish, full or not: a newer slice replaces the queued one);
 * `merge` folds a new event into the queued one with the same key (peers changes merged per peer id,
 * activity entries appended), so nothing is lost and a slow subscriber still gets one event per key.
 */
export type OverflowPolicy<E> =
  | { kind: 'drop_oldest' }
  | { kind: 'coalesce_latest'; key: (event: E) => string }
  | { kind: 'merge'; key: (event: E) => string; merge: (queued: E, next: E) => E };

export interface EventBusOptions<E> {
  capacity: number;
  policy: (event: E) => OverflowPolicy<E>;
  /** Schedules a drain; defaults to queueMicrotask. */
  schedule?: (fn: () => void) => void;
}

export interface EventBusStats {
  published: number;
  delivered: number;
  dropped: number;
  coalesced: number;
  maxDepth: number;
}

type Listener<E> = (event: E) => void | Promise<void>;

class SubscriberQueue<E> {
  readonly items: Array<{ event: E; key: string | null }> = [];
  draining = false;
  constructor(readonly listener: Listener<E>) {}
}

export class EventBus<E> {
  private readonly subscribers = new Set<SubscriberQueue<E>>();
  private readonly schedule: (fn: () => void) => void;
  readonly stats: EventBusStats = { published: 0, delivered: 0, dropped: 0, coalesced: 0, maxDepth: 0 };

  constructor(private readonly opts: EventBusOptions<E>) {
    if (!Number.isInteger(opts.capacity) || opts.capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.schedule = opts.schedule ?? queueMicrotask;
  }

  subscribe(listener: Listener<E>): () => void {
    const sub = new SubscriberQueue(listener);
    this.subscribers.add(sub);
    return () => {
      this.subscribers.delete(sub);
      sub.items.length = 0;
    };
  }

  publish(event: E): void {
    this.stats.published++;
    const policy = this.opts.policy(event);
    const key = policy.kind === 'drop_oldest' ? null : policy.key(event);
    const merge = policy.kind === 'merge' ? policy.merge : null;
    for (const sub of this.subscribers) {
      this.enqueue(sub, event, key, merge);
      if (!sub.draining) {
        sub.draining = true;
        this.schedule(() => void this.drain(sub));
      }
    }
  }

  /** Largest queue right now, for tests and the benchmark. */
  depth(): number {
    let max = 0;
    for (const sub of this.subscribers) max = Math.max(max, sub.items.length);
    return max;
  }

  private enqueue(sub: SubscriberQueue<E>, event: E, key: string | null, merge: ((queued: E, next: E) => E) | null): void {
    if (key !== null) {
      const at = sub.items.findIndex((item) => item.key === key);
      const queued = at >= 0 ? sub.items[at] : undefined;
      if (queued) {
        sub.items.splice(at, 1);
        this.stats.coalesced++;
        if (merge) event = merge(queued.event, event);
      }
    }
    if (sub.items.length >= this.opts.capacity) {
      sub.items.shift();
      this.stats.dropped++;
    }
    sub.items.push({ event, key });
    this.stats.maxDepth = Math.max(this.stats.maxDepth, sub.items.length);
  }

  private async drain(sub: SubscriberQueue<E>): Promise<void> {
    try {
      while (this.subscribers.has(sub)) {
        const next = sub.items.shift();
        if (!next) break;
        try {
          await sub.listener(next.event);
          this.stats.delivered++;
        } catch {
          // A failing subscriber loses that event, never the others'.
          this.stats.dropped++;
        }
      }
    } finally {
      sub.draining = false;
    }
  }
}
