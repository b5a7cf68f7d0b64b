import {
  ContractCallError,
  operationNames,
  type EventName,
  type EventPayload,
  type RunnerApi,
} from '../../shared/contract.js';
import { WS_PATH, WsServerMessageSchema } from '../../shared/ws-protocol.js';
import { unwrap } from './electron-bridge.js';

export type ConnectionState = 'connecting' | 'open' | 'unauthorized' | 'closed';

const CALL_TIMEOUT_MS = 15_000;
/** Calls that wait on inference: the core bounds them itself (sendPrompt: 60 s), the bridge a little later. */
const LONG_CALL_TIMEOUT_MS: Partial<Record<string, number>> = { sendPrompt: 75_000 };

/**
 * The contract over the headless host's WebSocket: same RunnerApi as the Electron bridge. Calls made
 * while connecting wait for the socket; every call has a timeout; a refused token is reported as
 * 'unauthorized' (the browser only sees the failed upgrade as a close with code 1006 before open).
 */
export function wsBridge(opts: { origin: string; token: string; onState: (s: ConnectionState) => void }): RunnerApi & { close(): void } {
  const url = `${opts.origin.replace(/^http/, 'ws')}${WS_PATH}?token=${encodeURIComponent(opts.token)}`;
  const socket = new WebSocket(url);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: number }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let opened = false;
  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      opened = true;
      opts.onState('open');
      resolve();
    });
    socket.addEventListener('close', () => {
      opts.onState(opened ? 'closed' : 'unauthorized');
      const err = new ContractCallError('unavailable', opened ? 'Connection to the EdgeCoder host closed' : 'The host refused this dashboard: the access token is missing or wrong');
      reject(err);
      for (const call of pending.values()) call.reject(err);
      pending.clear();
    });
  });
  ready.catch(() => undefined);
  opts.onState('connecting');

  socket.addEventListener('message', (ev: MessageEvent<string>) => {
    let parsed;
    try {
      parsed = WsServerMessageSchema.safeParse(JSON.parse(ev.data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'event') listeners.get(msg.name)?.forEach((fn) => fn(msg.payload));
    else if (msg.type === 'result') {
      const call = pending.get(msg.id);
      if (!call) return;
      pending.delete(msg.id);
      window.clearTimeout(call.timer);
      try {
        call.resolve(unwrap(msg.envelope));
      } catch (err) {
        call.reject(err as Error);
      }
    }
  });

  const invoke = async (op: string, args: unknown): Promise<unknown> => {
    await ready;
    const id = nextId++;
    const ms = LONG_CALL_TIMEOUT_MS[op] ?? CALL_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        pending.delete(id);
        reject(new ContractCallError('unavailable', `${op} timed out after ${ms / 1000} s`));
      }, ms);
      pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ type: 'invoke', id, op, args: args ?? {} }));
    });
  };

  const api: Record<string, unknown> = { close: () => socket.close() };
  for (const op of operationNames) api[op] = (args: unknown) => invoke(op, args);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const fn = (p: unknown): void => listener(p as EventPayload<E>);
    set.add(fn);
    return () => set.delete(fn);
  };
  return api as RunnerApi & { close(): void };
}
