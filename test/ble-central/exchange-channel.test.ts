import { describe, expect, it } from 'vitest';
import { ExchangeChannel } from '../../src/main/ble/central/exchange-channel.js';
import { AbortedError } from '../../src/main/core/deadline.js';

type Msg = { id: string; v: number };

describe('ExchangeChannel', () => {
  const make = () => {
    const drops: string[] = [];
    const ch = new ExchangeChannel<Msg>('test', (m) => m.id, (code) => drops.push(code));
    return { ch, drops };
  };

  it('keeps one exchange in flight and resolves only the matching id', async () => {
    const { ch, drops } = make();
    const sent: string[] = [];
    const c = new AbortController();
    const a = ch.run('a', async () => void sent.push('a'), c.signal);
    const b = ch.run('b', async () => void sent.push('b'), c.signal);
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual(['a']); // b waits for a's response
    ch.deliver({ id: 'b', v: 0 }); // not b's turn: dropped
    expect(drops).toEqual(['unexpected-id']);
    ch.deliver({ id: 'a', v: 1 });
    expect(await a).toEqual({ id: 'a', v: 1 });
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['a', 'b']);
    ch.deliver({ id: 'b', v: 2 });
    expect(await b).toEqual({ id: 'b', v: 2 });
    ch.deliver({ id: 'b', v: 3 });
    expect(drops).toEqual(['unexpected-id', 'unsolicited-response']);
    expect(ch.inFlight).toBe(false);
  });

  it('releases the turn when the caller aborts, and fails queued callers on close', async () => {
    const { ch } = make();
    const c1 = new AbortController();
    const first = ch.run('1', async () => undefined, c1.signal);
    const c2 = new AbortController();
    const second = ch.run('2', async () => undefined, c2.signal);
    c1.abort('deadline');
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    await new Promise((r) => setImmediate(r));
    expect(ch.inFlight).toBe(true); // second got the turn
    ch.close(new Error('link lost'));
    await expect(second).rejects.toThrow('link lost');
    expect(ch.inFlight).toBe(false);
  });

  it('a link lost while the request is still being written is no unhandled rejection: the caller gets the error', async () => {
    const { ch } = make();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let finishWrite: () => void = () => undefined;
      const run = ch.run('w', () => new Promise<void>((r) => (finishWrite = r)), new AbortController().signal);
      await new Promise((r) => setImmediate(r));
      ch.close(new Error('link lost')); // the response is rejected before anyone awaits it
      await new Promise((r) => setImmediate(r));
      finishWrite();
      await expect(run).rejects.toThrow('link lost');
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
