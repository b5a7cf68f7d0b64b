/**
 * Foundation benchmarks:
 *  - IPC round trip over the WebSocket bridge (getSnapshot through dispatch + zod both ways) against a
 *    bare `ws` echo server on the same loopback in the same run: the ratio is the contract's cost.
 *  - Event-bus throughput under coalescing: a burst of snapshot events to a slow subscriber, against
 *    pushing the same events into a plain array; and how many deliveries coalescing saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { systemClock } from '../src/main/core/clock.js';
import { silentLogger } from '../src/main/core/logger.js';
import { EventBus } from '../src/main/events/event-bus.js';
import { startHeadlessHost } from '../src/main/headless/headless-host.js';

const ROUND_TRIPS = 2000;

async function timeRoundTrips(ws: WebSocket, makeMessage: (id: number) => string): Promise<number[]> {
  const times: number[] = [];
  for (let id = 0; id < ROUND_TRIPS; id++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(makeMessage(id));
    });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number): number =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN).toFixed(4));
const open = (url: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

async function ipcRoundTrip(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-bench-'));
  const host = await startHeadlessHost({ dataDir, port: 0, rendererDir: 'dist/renderer', clock: systemClock, logger: silentLogger });
  const bridgeWs = await open(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  const bridge = await timeRoundTrips(bridgeWs, (id) => JSON.stringify({ type: 'invoke', id, op: 'getSnapshot', args: {} }));
  bridgeWs.close();
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const server = createServer();
  const wss = new WebSocketServer({ server });
  const snapshotSized = JSON.stringify({ type: 'result', id: 0, envelope: { ok: true, value: 'x'.repeat(400) } });
  wss.on('connection', (ws) => ws.on('message', () => ws.send(snapshotSized)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const echoWs = await open(`ws://127.0.0.1:${port}`);
  const echo = await timeRoundTrips(echoWs, (id) => JSON.stringify({ type: 'invoke', id, op: 'getSnapshot', args: {} }));
  echoWs.close();
  wss.close();
  server.close();

  const ratio = pct(bridge, 0.5) / pct(echo, 0.5);
  return {
    roundTrips: ROUND_TRIPS,
    bridgeMs: { p50: pct(bridge, 0.5), p95: pct(bridge, 0.95), p99: pct(bridge, 0.99) },
    bareWsEchoMs: { p50: pct(echo, 0.5), p95: pct(echo, 0.95), p99: pct(echo, 0.99) },
    p50RatioToBareWs: Number(ratio.toFixed(2)),
    goal: 'contract round trip p50 within 5x a bare ws echo of the same size',
    met: ratio <= 5,
  };
}

async function busThroughput(): Promise<Record<string, unknown>> {
  const EVENTS = 200_000;
  const payload = { mode: 'off', peers: [] as unknown[] };
  const baselineSink: unknown[] = [];
  let t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) baselineSink.push({ name: 'snapshot', payload, i });
  const baselineMs = performance.now() - t0;

  const bus = new EventBus<{ name: string; payload: unknown; i: number }>({
    capacity: 64,
    policy: (e) => (e.name === 'snapshot' ? { kind: 'coalesce_latest', key: () => 'snapshot' } : { kind: 'drop_oldest' }),
  });
  let delivered = 0;
  bus.subscribe(async () => {
    delivered++;
    await new Promise((r) => setImmediate(r)); // a slow consumer: one event per event-loop turn
  });
  t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    bus.publish({ name: 'snapshot', payload, i });
    if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
  }
  const publishMs = performance.now() - t0;
  while (bus.depth() > 0) await new Promise((r) => setImmediate(r));
  return {
    events: EVENTS,
    publishPerSec: Math.round(EVENTS / (publishMs / 1000)),
    baselineArrayPushPerSec: Math.round(EVENTS / (baselineMs / 1000)),
    delivered,
    coalesced: bus.stats.coalesced,
    maxQueueDepth: bus.stats.maxDepth,
    deliveriesSavedRatio: Number((1 - delivered / EVENTS).toFixed(4)),
    goal: 'queue depth never above capacity (64) and ≥ 99% of a snapshot burst coalesced for a slow consumer',
    met: bus.stats.maxDepth <= 64 && 1 - delivered / EVENTS >= 0.99,
  };
}

export default async function run(): Promise<Record<string, unknown>> {
  return { ipcRoundTrip: await ipcRoundTrip(), eventBus: await busThroughput() };
}
