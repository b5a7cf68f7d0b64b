import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedNetwork } from '../../src/sim/network/simulated-network.js';

/** A real HTTP server on 127.0.0.1: /ok answers at once, /hold answers only when released. */
const held: ServerResponse[] = [];
const server = createServer((req, res) => {
  if (req.url === '/hold') held.push(res);
  else res.end('ok');
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** What Node's own fetch rejects with when the network is unreachable. */
const unreachable = { name: 'TypeError', message: 'fetch failed', cause: expect.objectContaining({ code: 'ENETUNREACH' }) };

describe('SimulatedNetwork', () => {
  it('passes requests through while up', async () => {
    const net = new SimulatedNetwork();
    expect(net.hasLink()).toBe(true);
    expect(await (await net.fetch(`${base}/ok`)).text()).toBe('ok');
  });

  it('while cut, has no link and fails fetch like an unreachable network; restored, works again', async () => {
    const net = new SimulatedNetwork();
    const changes: boolean[] = [];
    net.onChange((up) => changes.push(up));
    net.setUp(false);
    expect(net.hasLink()).toBe(false);
    const err = await net.fetch(`${base}/ok`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject(unreachable);
    expect(((err as Error).cause as Error).message).toContain(new URL(base).host);
    net.setUp(false); // no change, no event
    net.setUp(true);
    expect(changes).toEqual([false, true]);
    expect(await (await net.fetch(new URL(`${base}/ok`))).text()).toBe('ok');
  });

  it('fails a request already on its way when the link is cut', async () => {
    const net = new SimulatedNetwork();
    const arrived = once(server, 'request');
    const pending = net.fetch(`${base}/hold`);
    await arrived;
    net.setUp(false);
    await expect(pending).rejects.toMatchObject(unreachable);
  });

  it('keeps the caller\'s abort an abort', async () => {
    const net = new SimulatedNetwork();
    const ac = new AbortController();
    const pending = net.fetch(`${base}/hold`, { signal: ac.signal });
    ac.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });

  it('asks the real link check while up', () => {
    let real = false;
    const net = new SimulatedNetwork({ hasLink: () => real });
    expect(net.hasLink()).toBe(false);
    real = true;
    expect(net.hasLink()).toBe(true);
  });
});
