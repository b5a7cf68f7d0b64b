/**
 * A real HTTP hop in front of the reference coordinator that the tests switch between 'up' (forwards),
 * 'silent' (accepts, never answers) and 'down' (drops the connection), and where requests are counted:
 * per path, ledger syncs in flight at once, and every txId the coordinator reported as applied.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type GateState = 'up' | 'silent' | 'down';

export interface CoordinatorGate {
  url: string;
  upstream: string;
  readonly state: GateState;
  set(state: GateState): void;
  /** Requests that reached the coordinator, by path. */
  forwarded: Map<string, number>;
  syncInFlight: number;
  maxSyncInFlight: number;
  /** Every txId in every /credits/ble-sync reply's `applied` list, in order. */
  applied: string[];
  /** Requests held unanswered right now (state 'silent'), by path. */
  held: Map<string, number>;
  /** Resolves when the gate holds a request it will never answer (state 'silent'). */
  nextHeld(): Promise<void>;
  /** Resolves when the coordinator's reply to the next request for `path` has gone back. */
  nextForwarded(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startGate(upstream: string): Promise<CoordinatorGate> {
  const sockets = new Set<Socket>();
  let heldWaiters: Array<() => void> = [];
  const forwardWaiters = new Map<string, Array<() => void>>();
  const gate: CoordinatorGate = {
    url: '',
    upstream,
    state: 'up',
    set(state) {
      (gate as { state: GateState }).state = state;
      // A change of state cuts every open connection, as a real network change would.
      for (const s of sockets) s.destroy();
    },
    forwarded: new Map(),
    syncInFlight: 0,
    maxSyncInFlight: 0,
    applied: [],
    held: new Map(),
    nextHeld: () => new Promise((resolve) => heldWaiters.push(resolve)),
    nextForwarded: (path) => new Promise((resolve) => forwardWaiters.set(path, [...(forwardWaiters.get(path) ?? []), resolve])),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '/';
    gate.forwarded.set(path, (gate.forwarded.get(path) ?? 0) + 1);
    const sync = path === '/credits/ble-sync';
    if (sync) gate.maxSyncInFlight = Math.max(gate.maxSyncInFlight, ++gate.syncInFlight);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of ['x-mesh-token', 'x-agent-token', 'x-operator-token']) {
        const token = req.headers[name];
        if (typeof token === 'string') headers[name] = token;
      }
      const reply = await fetch(`${gate.upstream}${path}`, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) });
      const text = await reply.text();
      if (sync && reply.ok) gate.applied.push(...((JSON.parse(text) as { applied: string[] }).applied));
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(text);
      const waiters = forwardWaiters.get(path) ?? [];
      forwardWaiters.delete(path);
      for (const w of waiters) w();
    } finally {
      if (sync) gate.syncInFlight--;
    }
  };
  const server = createServer((req, res) => {
    if (gate.state === 'down') return void req.socket.destroy();
    if (gate.state === 'silent') {
      const path = req.url ?? '/';
      gate.held.set(path, (gate.held.get(path) ?? 0) + 1);
      req.socket.once('close', () => gate.held.set(path, (gate.held.get(path) ?? 1) - 1));
      const waiters = heldWaiters;
      heldWaiters = [];
      for (const w of waiters) w();
      return;
    }
    forward(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return gate;
}
