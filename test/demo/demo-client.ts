import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { Envelope } from '../../src/shared/contract.js';
import type { Snapshot } from '../../src/shared/snapshot.js';
import { applySliceEvent, isSliceEventName, sliceEventSchemas, type SliceEventName, type SliceEventPayload } from '../../src/shared/slice-events.js';
import { WsServerMessageSchema } from '../../src/shared/ws-protocol.js';

/** `npm run demo` as a user starts it (without the build step), waiting for its Dashboard and Local API lines. */
export async function startDemoProcess(args: string[]): Promise<{ child: ChildProcess; dashboard: URL; localApi: string; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/demo/demo-main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const [line, api] = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Dashboard: (\S+)\n(Local API: [^\n]*)\n/m.exec(out);
      if (m?.[1] && m[2]) resolve([m[1], m[2]]);
    });
    child.once('exit', (code) => reject(new Error(`demo exited with ${code} before its Dashboard and Local API lines; stderr: ${err}`)));
  });
  return { child, dashboard: new URL(line), localApi: api, stdout: () => out, stderr: () => err };
}

/** A dashboard over the WebSocket bridge: contract calls, and waits on snapshot events (never polls). */
export async function connectDashboard(dashboard: URL) {
  const token = new URLSearchParams(dashboard.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://127.0.0.1:${dashboard.port}/ws?token=${encodeURIComponent(token)}`);
  await once(ws, 'open');
  let seq = 0;
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const watchers = new Set<(s: Snapshot) => void>();
  let latest: Snapshot | null = null;
  ws.on('message', (d: Buffer) => {
    const msg = WsServerMessageSchema.parse(JSON.parse(d.toString()));
    if (msg.type === 'result') pending.get(msg.id)?.(msg.envelope as Envelope<unknown>);
    // Slice events, each checked against the contract, applied to the snapshot loaded first.
    if (msg.type === 'event' && latest && isSliceEventName(msg.name)) {
      const payload = sliceEventSchemas[msg.name].parse(msg.payload) as SliceEventPayload<SliceEventName>;
      const next: Snapshot = applySliceEvent(latest, msg.name, payload);
      latest = next;
      for (const w of watchers) w(next);
    }
  });
  const call = (op: string, args: unknown = {}): Promise<Envelope<unknown>> =>
    new Promise((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ type: 'invoke', id, op, args }));
    });
  const value = async <T>(op: string, args: unknown = {}): Promise<T> => {
    const e = await call(op, args);
    if (!e.ok) throw new Error(`${op}: ${e.error.code}: ${e.error.message}`);
    return e.value as T;
  };
  latest = await value<Snapshot>('getSnapshot');
  /** Resolves with the first snapshot (the current one, or a later event) that satisfies `pred`; fails past `boundMs`. */
  const until = (what: string, pred: (s: Snapshot) => boolean, boundMs = 90_000): Promise<Snapshot> =>
    new Promise((resolve, reject) => {
      if (latest && pred(latest)) return resolve(latest);
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error(`no snapshot where ${what} within ${boundMs / 1000} s; last: ${JSON.stringify(latest).slice(0, 1500)}`));
      }, boundMs);
      const check = (s: Snapshot): void => {
        if (!pred(s)) return;
        clearTimeout(timer);
        watchers.delete(check);
        resolve(s);
      };
      watchers.add(check);
    });
  return { call, value, until, close: () => ws.close() };
}

/** Direct children of `pid` that are alive (Linux /proc). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.ppid === pid && stat.state !== 'Z') out.push(Number(name));
  }
  return out;
}

export function isAlive(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}`) ? readStat(pid) : null;
  return stat !== null && stat.state !== 'Z';
}

function readStat(pid: number): { state: string; ppid: number } | null {
  try {
    // "pid (comm) state ppid …": comm may contain spaces, so split after the last ')'.
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return state && ppid ? { state, ppid: Number(ppid) } : null;
  } catch {
    return null;
  }
}
