/**
 * Who may talk to the local API: requests addressed to this server's loopback name (a foreign Host is
 * DNS rebinding), with no browser Origin or this server's own, and `Authorization: Bearer <key>`.
 * No CORS headers are ever sent, so no other web page can read an answer.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { refuseNonLoopback } from '../core/loopback-guard.js';
import { ApiError } from './api-errors.js';

/** Null when the Host and Origin are acceptable; else the 403 to answer. */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, port: number): ApiError | null {
  const refusal = refuseNonLoopback(headers, port);
  if (refusal === 'forbidden_host') {
    return new ApiError(403, `Host "${headers.host ?? ''}" is refused: the local API answers only http://127.0.0.1:${port} and http://localhost:${port}.`, 'permission_error', refusal);
  }
  if (refusal === 'forbidden_origin') {
    return new ApiError(403, `Requests from the web page ${headers.origin ?? ''} are refused: browsers may not use the local API.`, 'permission_error', refusal);
  }
  return null;
}

/** Null when the bearer key matches; else the 401 to answer. */
export function checkApiKey(headers: IncomingHttpHeaders, matches: (key: string) => boolean): ApiError | null {
  const match = /^Bearer\s+(\S{1,512})$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) {
    return new ApiError(401, 'Missing API key: send "Authorization: Bearer <key>" (the key is shown in the dashboard and in the data folder\'s local-api.json).', 'authentication_error', 'invalid_api_key');
  }
  if (!matches(match[1])) return new ApiError(401, 'Incorrect API key: copy the current key from the dashboard (it may have been regenerated).', 'authentication_error', 'invalid_api_key');
  return null;
}
