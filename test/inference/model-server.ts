/**
 * A real loopback HTTP server (127.0.0.1, port 0) that serves one file with Range support and can be
 * told to stall mid-body (headers and the first bytes sent, then silence) to test idle timeouts and resume.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ModelServer {
  url: string;
  /** Range headers of the GET requests received, in order ('' for none). */
  ranges: string[];
  /** Stall every following GET after sending this many body bytes (null: never stall). */
  stallAfter: number | null;
  /** Body bytes written so far, over all requests. */
  bytesSent: number;
  /** When set, bodies are sent in 64 KB pieces this many ms apart (a slow link). */
  throttleMs: number | null;
  /** Drop the connection of the next GET after sending this many body bytes (once), as a flaky link does. */
  dropAfter: number | null;
  /** Extra headers on every answer (the hub's x-linked-etag). */
  headers: Record<string, string>;
  close(): Promise<void>;
}

/** `urlPath` serves the file elsewhere than /<fileName> (the hub's /user/repo/resolve/main/<file>; a RegExp serves it at every matching path). */
export async function startModelServer(body: Buffer, fileName = 'model.gguf', urlPath: string | RegExp = `/${fileName}`): Promise<ModelServer> {
  const sockets = new Set<Socket>();
  const state: ModelServer = { url: '', ranges: [], stallAfter: null, bytesSent: 0, throttleMs: null, dropAfter: null, headers: {}, close: async () => undefined };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const asked = req.url?.split('?')[0] ?? '';
    if (typeof urlPath === 'string' ? asked !== urlPath : !urlPath.test(asked)) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    let end = body.length - 1;
    const range = req.headers.range ?? '';
    const m = /^bytes=(\d+)-(\d*)$/.exec(range);
    if (m) {
      start = Number(m[1]);
      if (m[2]) end = Math.min(end, Number(m[2]));
    }
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-length': String(end - start + 1), etag: '"model-v1"', ...state.headers };
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end();
      return;
    }
    state.ranges.push(range);
    res.writeHead(m ? 206 : 200, m ? { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` } : headers);
    const slice = body.subarray(start, end + 1);
    if (state.dropAfter !== null) {
      const part = slice.subarray(0, state.dropAfter);
      state.dropAfter = null;
      state.bytesSent += part.length;
      res.write(part, () => res.socket?.destroy());
      return;
    }
    if (state.stallAfter !== null) {
      const part = slice.subarray(0, state.stallAfter);
      state.bytesSent += part.length;
      res.write(part); // then never finish
      return;
    }
    if (state.throttleMs !== null) {
      const gap = state.throttleMs;
      let at = 0;
      const pump = (): void => {
        if (res.destroyed) return;
        const piece = slice.subarray(at, at + 65536);
        at += piece.length;
        state.bytesSent += piece.length;
        if (at >= slice.length) res.end(piece);
        else res.write(piece, () => setTimeout(pump, gap));
      };
      pump();
      return;
    }
    state.bytesSent += slice.length;
    res.end(slice);
  };
  const server: Server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}${typeof urlPath === 'string' ? urlPath : ''}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
