import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Who may talk to a server on 127.0.0.1 (the local API, the headless dashboard and its WebSocket): a
 * request addressed to this server's loopback name (a foreign Host is DNS rebinding), with no browser
 * Origin or this server's own. The one Host/Origin rule of the app; each server adds its own key check.
 */
export type LoopbackRefusal = 'forbidden_host' | 'forbidden_origin';

/** The Host values a loopback server on `port` answers to. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Null when the Host and Origin are this server's; else which of the two is refused. */
export function refuseNonLoopback(headers: IncomingHttpHeaders, port: number): LoopbackRefusal | null {
  const hosts = loopbackHosts(port);
  if (!hosts.includes(headers.host ?? '')) return 'forbidden_host';
  const origin = headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return 'forbidden_origin';
  return null;
}

/**
 * Decides whether a loopback request may touch the core: the Host/Origin rule above, then the
 * per-launch token. Returns the HTTP status the request deserves (200 = allowed).
 */
export interface RequestGuard {
  check(req: IncomingMessage, token: string | null): 200 | 401 | 403;
  hostAllowed(req: IncomingMessage): boolean;
}

/** `expectedToken` is read at every check: a revoked token stops working at once. */
export function createRequestGuard(expectedToken: () => string, port: () => number): RequestGuard {
  const hostAllowed = (req: IncomingMessage): boolean => refuseNonLoopback(req.headers, port()) === null;
  return {
    hostAllowed,
    check(req, token) {
      if (!hostAllowed(req)) return 403;
      if (token === null) return 401;
      const expected = Buffer.from(expectedToken());
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected) ? 200 : 401;
    },
  };
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
  return match?.[1] ?? null;
}
