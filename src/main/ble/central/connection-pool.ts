/**
 * At most `max` GATT connections. Opening a link when all slots are taken recycles the least recently
 * used idle link; if every link is busy the opener waits (abortable). Concurrent opens of one peer share
 * one attempt, and the link it opens is pinned for every caller waiting on it before any other opener may
 * look for an idle link to recycle (else a waiting opener could recycle it before its exchange starts).
 * A release asked for while a link is in use closes it when its last user unpins it. Links closed by us
 * (recycle, evict, stop) are "expected"; any other close is reported as unexpected so the service can
 * reconnect with backoff.
 */
import { AbortedError } from '../../core/deadline.js';
import { FrameError } from '../protocol/index.js';
import { LinkLostError, PeerProtocolError } from './central-errors.js';
import type { LinkIdentification, PeerLink } from './peer-link.js';

export interface ConnectionPoolOptions {
  max: number;
  createLink: (peerId: string, onClosed: (reason: string) => void) => PeerLink;
  onOpened: (peerId: string, ident: LinkIdentification) => void;
  onOpenFailed: (peerId: string, err: unknown) => void;
  onClosed: (peerId: string, unexpected: boolean) => void;
  isBadInput: (err: unknown) => void;
}

/** One caller of acquire() waiting on an opening link; `link` is set once the link is pinned for it. */
interface Claim {
  link: PeerLink | null;
  withdrawn: boolean;
}

interface Opening {
  promise: Promise<PeerLink>;
  controller: AbortController;
  claims: Set<Claim>;
}

export class ConnectionPool {
  readonly max: number;
  private readonly links = new Map<string, PeerLink>();
  private readonly opening = new Map<string, Opening>();
  private readonly intentional = new WeakSet<PeerLink>();
  /** The last link of each peer, so a reconnect waits until the old connection is really down. */
  private readonly previous = new Map<string, PeerLink>();
  /** Links to close once their last exchange is over (release asked for while in use), with the reason. */
  private readonly releaseWhenIdle = new WeakMap<PeerLink, string>();
  private waiters: Array<() => void> = [];
  /** Openers holding a slot (connecting / identifying); others in `opening` wait for one. */
  private connecting = 0;

  constructor(private readonly options: ConnectionPoolOptions) {
    this.max = Math.max(1, options.max);
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
    if (!this.opening.has(peerId)) void this.open(peerId).catch(() => undefined);
    const opening = this.opening.get(peerId);
    if (!opening) throw new LinkLostError(peerId, 'could not start connecting');
    const claim: Claim = { link: null, withdrawn: false };
    opening.claims.add(claim);
    return new Promise<PeerLink>((resolve, reject) => {
      let settled = false;
      const onAbort = (): void => {
        if (settled) return; // already handed to the caller, who unpins it
        settled = true;
        claim.withdrawn = true;
        opening.claims.delete(claim);
        if (claim.link) this.unpin(claim.link);
        reject(new AbortedError(`connect ${peerId}`, signal.reason));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      opening.promise
        .then((l) => {
          if (settled) return;
          settled = true;
          if (!l.isOpen) {
            if (claim.link) this.unpin(claim.link);
            return reject(new LinkLostError(peerId, 'closed before its exchange started'));
          }
          if (!claim.link) l.pin(); // defensive: every claim is pinned when its link opens
          resolve(l);
        }, (err: unknown) => {
          settled = true;
          reject(err);
        })
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** An exchange is over; a release asked for meanwhile closes the link once no one uses it. */
  unpin(link: PeerLink): void {
    link.unpin();
    if (link.busy || !link.isOpen) return;
    const reason = this.releaseWhenIdle.get(link);
    if (reason !== undefined) this.closeIntentionally(link, reason);
    this.wake(); // an opener waiting for a slot may now recycle this link
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
    if (!link) return;
    if (link.busy) this.releaseWhenIdle.set(link, reason);
    else this.closeIntentionally(link, reason);
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
        link = this.options.createLink(peerId, () => this.closed(peerId, link));
        this.previous.set(peerId, link);
        const ident = await link.open(controller.signal);
        if (controller.signal.aborted) {
          this.closeIntentionally(link, 'aborted while opening');
          throw new AbortedError(`open ${peerId}`, controller.signal.reason);
        }
        const claims = this.opening.get(peerId)?.claims ?? new Set<Claim>();
        this.opening.delete(peerId);
        // Pinned for its waiting callers before wake() lets another opener look for an idle link.
        for (const c of claims) {
          if (c.withdrawn) continue;
          link.pin();
          c.link = link;
        }
        this.links.set(peerId, link);
        this.connecting--;
        reserved = false;
        this.options.onOpened(peerId, ident);
        return link;
      } catch (err) {
        if (err instanceof FrameError || err instanceof PeerProtocolError) this.options.isBadInput(err);
        this.options.onOpenFailed(peerId, err);
        throw err;
      } finally {
        if (reserved) this.connecting--;
        if (this.opening.get(peerId)?.controller === controller) this.opening.delete(peerId);
        this.wake();
      }
    })();
    this.opening.set(peerId, { promise, controller, claims: new Set() });
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
    this.options.onClosed(peerId, !this.intentional.has(link));
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
