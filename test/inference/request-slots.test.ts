/** The engine's queue: loads first, then the user's own requests, then contributed work, FIFO within each. */
import { describe, expect, it } from 'vitest';
import { QueueFullError, RequestSlots } from '../../src/main/inference/request-slots.js';
import type { SlotRank } from '../../src/main/inference/request-slots.js';

function queueOf(concurrency = 1, maxQueued = 8) {
  const slots = new RequestSlots(concurrency, maxQueued, () => undefined);
  const granted: string[] = [];
  const releases = new Map<string, () => void>();
  const enqueue = (name: string, rank: SlotRank, signal?: AbortSignal): Promise<void> =>
    slots.acquire(signal, rank).then((release) => {
      granted.push(name);
      releases.set(name, release);
    });
  const release = async (name: string): Promise<void> => {
    releases.get(name)?.();
    await new Promise((r) => setImmediate(r));
  };
  return { slots, granted, enqueue, release };
}

describe('RequestSlots ordering', () => {
  it('grants user requests ahead of contributed ones that waited longer, loads ahead of both', async () => {
    const q = queueOf();
    await q.enqueue('running', 'contributed');
    const waits = [
      q.enqueue('c1', 'contributed'),
      q.enqueue('u1', 'user'),
      q.enqueue('c2', 'contributed'),
      q.enqueue('u2', 'user'),
      q.enqueue('load', 'load'),
    ];
    expect(q.slots.queued).toBe(5);
    expect([q.slots.queuedOf('load'), q.slots.queuedOf('user'), q.slots.queuedOf('contributed')]).toEqual([1, 2, 2]);
    for (const name of ['running', 'load', 'u1', 'u2', 'c1']) await q.release(name);
    await Promise.all(waits);
    expect(q.granted).toEqual(['running', 'load', 'u1', 'u2', 'c1', 'c2']);
    await q.release('c2');
    expect(q.slots.busy).toBe(0);
  });

  it('contributed is the default rank (FIFO behind users)', async () => {
    const q = queueOf();
    await q.enqueue('running', 'user');
    const plain = q.slots.acquire().then((r) => {
      q.granted.push('plain');
      r();
    });
    const user = q.enqueue('u', 'user');
    await q.release('running');
    await user;
    await q.release('u');
    await plain;
    expect(q.granted).toEqual(['running', 'u', 'plain']);
  });

  it('an aborted user waiter leaves the order of the others intact', async () => {
    const q = queueOf();
    await q.enqueue('running', 'contributed');
    const ac = new AbortController();
    const gone = q.enqueue('u-aborted', 'user', ac.signal);
    const rest = [q.enqueue('c1', 'contributed'), q.enqueue('u2', 'user')];
    ac.abort();
    await expect(gone).rejects.toThrow(/aborted/);
    await q.release('running');
    await q.release('u2');
    await Promise.all(rest);
    expect(q.granted).toEqual(['running', 'u2', 'c1']);
  });

  it('a queue full of contributed work refuses more of it, but not the user\'s own request', async () => {
    const q = queueOf(1, 2);
    await q.enqueue('running', 'contributed');
    const waits = [q.enqueue('c1', 'contributed'), q.enqueue('c2', 'contributed')];
    await expect(q.slots.acquire(undefined, 'contributed')).rejects.toBeInstanceOf(QueueFullError);
    const user = q.enqueue('u1', 'user');
    const user2 = q.enqueue('u2', 'user');
    await expect(q.slots.acquire(undefined, 'user')).rejects.toBeInstanceOf(QueueFullError);
    for (const name of ['running', 'u1', 'u2', 'c1']) await q.release(name);
    await Promise.all([...waits, user, user2]);
    expect(q.granted).toEqual(['running', 'u1', 'u2', 'c1', 'c2']);
  });
});
