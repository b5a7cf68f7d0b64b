import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Decides whether a loopback request may touch the core: the Host must be this server's loopback
 * address (no DNS rebinding), a browser Origin must be the same, and the dashboard token (kept in the data folder, revocable from Settings) must match.
 * Returns the HTTP status the request deserves (200 = allowed).
 */
export interface RequestGuard {
  check(req: IncomingMessage, token: string | null): 200 | 401 | 403;
  hostAllowed(req: IncomingMessage): boolean;
}

/** `expectedToken` is read at every check: a revoked token stops working at once. */
export function createRequestGuard(expectedToken: () => string, port: () => number): RequestGuard {
  const allowedHosts = (): string[] => [`127.0.0.1:${port()}`, `localhost:${port()}`];

  const hostAllowed = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().includes(host)) return false;
    const origin = req.headers.origin;
    return origin === undefined || allowedHosts().some((h) => origin === `http://${h}`);
  };

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
