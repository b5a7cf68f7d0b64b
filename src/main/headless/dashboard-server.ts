import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import { bearerToken, type RequestGuard } from '../core/loopback-guard.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Same policy as the Electron window: only our own scripts, and the WebSocket back to this host. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'";

/**
 * The headless host's HTTP side on 127.0.0.1: the built dashboard as static files (code only, no data)
 * and `/api/snapshot` for scripts, which like the WebSocket needs the dashboard token (kept in the data folder, revocable from Settings).
 */
export function createDashboardServer(opts: {
  rendererDir: string;
  guard: RequestGuard;
  handlers: ContractHandlers;
  logger: Logger;
}): Server {
  const { rendererDir, guard, handlers, logger } = opts;
  const root = path.resolve(rendererDir);

  return createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      logger.log('error', 'http.failed', { url: req.url, message: String(err) });
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!guard.hostAllowed(req)) return send(res, 403, 'text/plain', 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
    if (url.pathname === '/api/snapshot') {
      const status = guard.check(req, bearerToken(req));
      if (status !== 200) return send(res, status, 'application/json', JSON.stringify({ error: 'unauthorized' }));
      return send(res, 200, 'application/json', JSON.stringify(await handlers.getSnapshot({})));
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return send(res, 404, 'text/plain', 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
    send(res, 200, contentTypes[path.extname(file)] ?? 'application/octet-stream', body);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Listens on 127.0.0.1 only; resolves with the bound port. */
export function listenLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
