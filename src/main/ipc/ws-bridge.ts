import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH, WsClientMessageSchema, type WsServerMessage } from '../../shared/ws-protocol.js';
import type { EventBus } from '../events/event-bus.js';
import type { AppEvent } from '../events/app-events.js';
import type { Logger } from '../core/logger.js';
import { dispatch, type ContractExtension, type ContractHandlers } from './dispatcher.js';
import type { RequestGuard } from '../core/loopback-guard.js';

const MAX_MESSAGE_BYTES = 64 * 1024;

export interface WsBridge {
  readonly clients: number;
  /** Closes every open dashboard connection (code 4401, `reason`): their token was revoked. */
  disconnectAll(reason: string): void;
  close(): Promise<void>;
}

/**
 * Serves the contract over WebSocket on an existing HTTP server: the headless host's equivalent of the
 * Electron IPC wrapper. The upgrade is refused (HTTP 401) without the dashboard token (kept in the data folder, revocable from Settings), and 403 for a
 * foreign Host or Origin. Each client gets the bus's events through its own bounded, coalescing queue.
 */
export function attachWsBridge(opts: {
  server: Server;
  guard: RequestGuard;
  handlers: ContractHandlers;
  /** Operations beyond the core's that this host serves (the simulator's, where it is installed). */
  extensions?: readonly ContractExtension[];
  bus: EventBus<AppEvent>;
  logger: Logger;
}): WsBridge {
  const { server, guard, handlers, bus, logger } = opts;
  const extensions = opts.extensions ?? [];
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const verdict = url.pathname !== WS_PATH ? 404 : guard.check(req, url.searchParams.get('token'));
    if (verdict !== 200) {
      logger.log('warn', 'ws.refused', { status: verdict, path: url.pathname });
      socket.end(`HTTP/1.1 ${verdict} ${verdict === 401 ? 'Unauthorized' : verdict === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  };
  server.on('upgrade', onUpgrade);

  function serve(ws: WebSocket): void {
    const send = (msg: WsServerMessage): Promise<void> =>
      new Promise((resolve) => {
        if (ws.readyState !== ws.OPEN) return resolve();
        ws.send(JSON.stringify(msg), () => resolve());
      });
    const unsubscribe = bus.subscribe((event) => send({ type: 'event', name: event.name, payload: event.payload }));
    // A call still running when this client goes away (page closed, link dropped) is told to stop.
    const gone = new AbortController();
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let raw: unknown;
        try {
          raw = isBinary ? undefined : JSON.parse(data.toString());
        } catch {
          raw = undefined;
        }
        const msg = WsClientMessageSchema.safeParse(raw);
        if (!msg.success) {
          await send({ type: 'error', message: 'Malformed message: expected {type:"invoke", id, op, args} as JSON text' });
          return;
        }
        const envelope = await dispatch(handlers, msg.data.op, msg.data.args, logger, extensions, { signal: gone.signal });
        await send({ type: 'result', id: msg.data.id, envelope });
      })();
    });
    ws.on('close', () => {
      unsubscribe();
      gone.abort(new Error('the dashboard disconnected'));
    });
    ws.on('error', (err) => logger.log('warn', 'ws.client_error', { message: err.message }));
  }

  return {
    get clients() {
      return wss.clients.size;
    },
    disconnectAll(reason) {
      for (const client of wss.clients) client.close(4401, reason);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
