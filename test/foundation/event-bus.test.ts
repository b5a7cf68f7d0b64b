import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/main/events/event-bus.js';

type Ev = { name: string; key?: string; n: number };

function manualScheduler(): { schedule: (fn: () => void) => void; run: () => Promise<void> } {
  const queue: Array<() => void> = [];
  return {
    schedule: (fn) => queue.push(fn),
    run: async () => {
      while (queue.length) {
        queue.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

describe('EventBus', () => {
  it('never holds more than its capacity per subscriber and drops the oldest', async () => {
    const sched = manualScheduler();
    const bus = new EventBus<Ev>({ capacity: 8, policy: () => ({ kind: 'drop_oldest' }), schedule: sched.schedule });
    const seen: number[] = [];
    bus.subscribe((e) => {
      seen.push(e.n);
    });
    for (let n = 0; n < 1000; n++) {
      bus.publish({ name: 'log', n });
      expect(bus.depth()).toBeLessThanOrEqual(8);
    }
    await sched.run();
    expect(seen).toEqual([992, 993, 994, 995, 996, 997, 998, 999]);
    expect(bus.stats).toMatchObject({ published: 1000, delivered: 8, dropped: 992, maxDepth: 8 });
  });

  it('coalesces by key: only the newest event per key is delivered, in arrival order of the newest', async () => {
    const sched = manualScheduler();
    const bus = new EventBus<Ev>({
      capacity: 4,
      policy: (e) => (e.key ? { kind: 'coalesce_latest', key: (x) => x.key ?? '' } : { kind: 'drop_oldest' }),
      schedule: sched.schedule,
    });
    const seen: string[] = [];
    bus.subscribe((e) => {
      seen.push(`${e.key ?? e.name}:${e.n}`);
    });
    for (let n = 0; n < 500; n++) bus.publish({ name: 'snapshot', key: 'snapshot', n });
    bus.publish({ name: 'peer', key: 'peer:a', n: 1 });
    bus.publish({ name: 'snapshot', key: 'snapshot', n: 500 });
    await sched.run();
    expect(seen).toEqual(['peer:a:1', 'snapshot:500']);
    expect(bus.stats.coalesced).toBe(500);
    expect(bus.stats.dropped).toBe(0);
  });

  it('a slow subscriber does not hold up a fast one, and its queue stays bounded', async () => {
    const bus = new EventBus<Ev>({ capacity: 3, policy: () => ({ kind: 'drop_oldest' }) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: number[] = [];
    const fast: number[] = [];
    bus.subscribe(async (e) => {
      await gate;
      slow.push(e.n);
    });
    bus.subscribe((e) => {
      fast.push(e.n);
    });
    for (let n = 0; n < 10; n++) {
      bus.publish({ name: 'x', n });
      await Promise.resolve();
    }
    await new Promise((r) => setImmediate(r));
    expect(fast).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bus.depth()).toBeLessThanOrEqual(3);
    release();
    await new Promise((r) => setImmediate(r));
    expect(slow[0]).toBe(0);
    expect(slow.slice(1)).toEqual([7, 8, 9]);
  });

  it('a throwing subscriber loses its event but the bus keeps delivering', async () => {
    const bus = new EventBus<Ev>({ capacity: 4, policy: () => ({ kind: 'drop_oldest' }) });
    const seen: number[] = [];
    bus.subscribe((e) => {
      if (e.n === 1) throw new Error('boom');
      seen.push(e.n);
    });
    for (let n = 0; n < 3; n++) bus.publish({ name: 'x', n });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([0, 2]);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new EventBus<Ev>({ capacity: 0, policy: () => ({ kind: 'drop_oldest' }) })).toThrow(RangeError);
  });
});
