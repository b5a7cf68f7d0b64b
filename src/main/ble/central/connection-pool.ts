/**
 * At most `max` GATT connections. Opening a link when all slots are taken recycles the least recently
 * used idle link; if every link is busy the opener waits (abortable). Concurrent opens of one peer share
 * one attempt. Links closed by us (recycle, evict, stop) are "expected"; any other close is reported as
 * unexpected so the service can reconnect with backoff.
 */
import { AbortedError } from '../../core/deadline.js';
import { FrameError } from '../protocol/index.js';
import { PeerProtocolError } from './central-errors.js';
import type { LinkIdentification, PeerLink } from './peer-link.js';

export interface ConnectionPoolOptions {
  max: number;
  createLink: (peerId: string, onClosed: (reason: string) => void) => PeerLink;
  onOpened: (peerId: string, ident: LinkIdentification) => void;
  onOpenFailed: (peerId: string, err: unknown) => void;
  onClosed: (peerId: string, unexpected: boolean) => void;
  isBadInput: (err: unknown) => void;
}

interface Opening {
  promise: Promise<PeerLink>;
  controller: AbortController;
}

export class ConnectionPool {
  readonly max: number;
  private readonly links = new Map<string, PeerLink>();
  private readonly opening = new Map<string, Opening>();
  private readonly intentional = new WeakSet<PeerLink>();
  /** The last link of each peer, so a reconnect waits until the old connection is really down. */
  private readonly previous = new Map<string, PeerLink>();
  private waiters: Array<() => void> = [];
  /** Openers holding a slot (connecting / identifying); others in `opening` wait for one. */
  private connecting = 0;

  constructor(private readonly o: ConnectionPoolOptions) {
    this.max = Math.max(1, o.max);
  }

  /** Connections held: open links plus links being connected (never above `max`). */
  get size(): number {
    return this.links.size + this.connecting;
  }

  openLinks(): PeerLink[] {
    return [...this.links.values()];
  }

  /** Identify a peer in the background (new peer, reconnect attempt). Failures go to onOpenFailed. */
  identify(peerId: string): void {
    if (this.links.has(peerId) || this.opening.has(peerId)) return;
    this.open(peerId).catch(() => undefined);
  }

  /**
   * An open link to the peer, opening one if needed, returned pinned (not recyclable): the caller must
   * unpin() it when its exchange is over. `signal` bounds the caller's wait only.
   */
  async acquire(peerId: string, signal: AbortSignal): Promise<PeerLink> {
    const link = this.links.get(peerId);
    if (link?.isOpen) {
      link.pin();
      return link;
    }
    const pending = this.opening.get(peerId)?.promise ?? this.open(peerId);
    return new Promise<PeerLink>((resolve, reject) => {
      const onAbort = (): void => reject(new AbortedError(`connect ${peerId}`, signal.reason));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      pending
        .then((l) => {
          if (signal.aborted) return;
          l.pin();
          resolve(l);
        }, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Close and stop opening a peer's link (evicted). */
  forget(peerId: string, reason: string): void {
    this.opening.get(peerId)?.controller.abort(new Error(reason));
    const link = this.links.get(peerId);
    if (link) this.closeIntentionally(link, reason);
    this.previous.delete(peerId);
  }

  /** Close a peer's link to free its slot (e.g. a peer of another mesh); a later acquire reopens it. */
  release(peerId: string, reason: string): void {
    const link = this.links.get(peerId);
    if (link && !link.busy) this.closeIntentionally(link, reason);
  }

  closeAll(reason: string): void {
    for (const o of this.opening.values()) o.controller.abort(new Error(reason));
    for (const link of [...this.links.values()]) this.closeIntentionally(link, reason);
    this.wake();
  }

  private open(peerId: string): Promise<PeerLink> {
    const controller = new AbortController();
    const promise = (async () => {
      await Promise.resolve(); // let the caller register this attempt in `opening` first
      let reserved = false;
      try {
        await this.freeSlot(controller.signal);
        reserved = true;
        // A late disconnect event of the old connection would otherwise close the new one.
        await this.previous.get(peerId)?.whenDown;
        let link: PeerLink | null = null;
        link = this.o.createLink(peerId, () => this.closed(peerId, link));
        this.previous.set(peerId, link);
        const ident = await link.open(controller.signal);
        if (controller.signal.aborted) {
          this.closeIntentionally(link, 'aborted while opening');
          throw new AbortedError(`open ${peerId}`, controller.signal.reason);
        }
        this.opening.delete(peerId);
        this.links.set(peerId, link);
        this.connecting--;
        reserved = false;
        this.o.onOpened(peerId, ident);
        return link;
      } catch (err) {
        if (err instanceof FrameError || err instanceof PeerProtocolError) this.o.isBadInput(err);
        this.o.onOpenFailed(peerId, err);
        throw err;
      } finally {
        if (reserved) this.connecting--;
        if (this.opening.get(peerId)?.controller === controller) this.opening.delete(peerId);
        this.wake();
      }
    })();
    this.opening.set(peerId, { promise, controller });
    return promise;
  }

  /** Waits until a slot is free and takes it (counted in `connecting` until the link opens or fails). */
  private async freeSlot(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw new AbortedError('connection slot', signal.reason);
      if (this.links.size + this.connecting < this.max) {
        this.connecting++;
        return;
      }
      const idle = [...this.links.values()].filter((l) => !l.busy).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (idle) {
        this.closeIntentionally(idle, 'recycled for another peer');
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        signal.addEventListener('abort', done, { once: true });
        this.waiters.push(done);
      });
    }
  }

  private closeIntentionally(link: PeerLink, reason: string): void {
    this.intentional.add(link);
    link.close(reason);
  }

  private closed(peerId: string, link: PeerLink | null): void {
    if (!link || this.links.get(peerId) !== link) return;
    this.links.delete(peerId);
    this.o.onClosed(peerId, !this.intentional.has(link));
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
