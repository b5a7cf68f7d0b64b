import {
  ContractCallError,
  operationNames,
  type EventName,
  type EventPayload,
} from '../../shared/contract.js';
import { simOperationNames } from '../../shared/sim-contract.js';
import { WS_PATH, WsServerMessageSchema } from '../../shared/ws-protocol.js';
import { parseEvent, unwrap, type RunnerBridge } from './electron-bridge.js';
import { DEFAULT_BACKOFF, Reconnector, type ReconnectTimers } from './reconnect-backoff.js';

/** `reconnecting`: the host went away after the dashboard had connected; it is being tried again. */
export type ConnectionState = 'connecting' | 'open' | 'unauthorized' | 'reconnecting' | 'closed';

const CALL_TIMEOUT_MS = 15_000;
/** The close code the host sends to open dashboards when their token is revoked (ws-bridge.ts). */
const REVOKED_CLOSE_CODE = 4401;
/** Calls that wait on inference: the core bounds them itself (sendPrompt: 60 s), the bridge a little later. */
const LONG_CALL_TIMEOUT_MS: Partial<Record<string, number>> = { sendPrompt: 75_000 };

/** Events carry `unknown` payloads here: the store checks each against the contract on arrival. */
export type RawEventListener = (name: string, payload: unknown) => void;

/** onAnyEvent: every event unparsed (the store's feed); onOpen: now if open, and after every reconnect (reload the snapshot). */
export type WsBridgeApi = RunnerBridge & { close(): void };

/**
 * The contract over the headless host's WebSocket: same RunnerApi as the Electron bridge. Calls made
 * while (re)connecting wait for the socket; every call has a timeout. A close before the first open
 * is a refused token ('unauthorized': the browser only sees the failed upgrade as code 1006); a close
 * after that is a host restart or a dropped link, retried with jittered exponential backoff.
 */
export function wsBridge(opts: {
  origin: string;
  token: string;
  onState: (s: ConnectionState) => void;
  timers?: ReconnectTimers;
  random?: () => number;
}): WsBridgeApi {
  const url = `${opts.origin.replace(/^http/, 'ws')}${WS_PATH}?token=${encodeURIComponent(opts.token)}`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: number }>();
  const rawListeners = new Set<RawEventListener>();
  const openListeners = new Set<() => void>();
  let nextId = 1;
  let everOpened = false;
  let closedByUs = false;
  let socket: WebSocket;
  let ready: Promise<WebSocket>;
  const reconnector = new Reconnector(() => connect(), opts.timers ?? {
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
  }, { ...DEFAULT_BACKOFF, random: opts.random ?? Math.random });

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ready = new Promise<WebSocket>((resolve, reject) => {
      ws.addEventListener('open', () => {
        everOpened = true;
        reconnector.connected();
        opts.onState('open');
        resolve(ws);
        openListeners.forEach((fn) => fn());
      });
      ws.addEventListener('close', (ev: CloseEvent) => {
        // 4401: the host revoked this dashboard's token; trying it again would only be refused.
        const revoked = ev.code === REVOKED_CLOSE_CODE;
        const err = new ContractCallError('unavailable', everOpened && !revoked ? 'Connection to the EdgeCoder host closed' : 'The host refused this dashboard: the access token is missing, wrong or revoked');
        reject(err);
        for (const call of pending.values()) call.reject(err);
        pending.clear();
        if (closedByUs) return opts.onState('closed');
        if (!everOpened || revoked) return opts.onState('unauthorized');
        opts.onState('reconnecting');
        if (ws === socket) reconnector.failed();
      });
    });
    ready.catch(() => undefined);
    ws.addEventListener('message', (ev: MessageEvent<string>) => onMessage(ev.data));
  }

  function onMessage(data: string): void {
    let parsed;
    try {
      parsed = WsServerMessageSchema.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'event') rawListeners.forEach((fn) => fn(msg.name, msg.payload));
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
  }

  const invoke = async (op: string, args: unknown): Promise<unknown> => {
    const ws = await ready;
    const id = nextId++;
    const ms = LONG_CALL_TIMEOUT_MS[op] ?? CALL_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        pending.delete(id);
        reject(new ContractCallError('unavailable', `${op} timed out after ${ms / 1000} s`));
      }, ms);
      pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ type: 'invoke', id, op, args: args ?? {} }));
    });
  };

  opts.onState('connecting');
  connect();

  const api: Record<string, unknown> = {
    close: () => {
      closedByUs = true;
      reconnector.stop();
      socket.close();
    },
    onAnyEvent: (fn: RawEventListener) => {
      rawListeners.add(fn);
      return () => rawListeners.delete(fn);
    },
    onOpen: (fn: () => void) => {
      openListeners.add(fn);
      if (socket.readyState === WebSocket.OPEN) fn();
      return () => openListeners.delete(fn);
    },
  };
  // The simulator's operations too: the host answers them where it runs the simulator, `unknown_operation` elsewhere.
  for (const op of [...operationNames, ...simOperationNames]) api[op] = (args: unknown) => invoke(op, args);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
    (api.onAnyEvent as WsBridgeApi['onAnyEvent'])((name, payload) => {
      if (name !== event) return;
      const parsed = parseEvent(event, payload);
      if (parsed !== undefined) listener(parsed);
    });
  return api as unknown as WsBridgeApi;
}
