/**
 * The line the headless host prints under the Dashboard line, for pasting into an IDE's settings:
 * `Local API: http://127.0.0.1:<port>/v1 key=<key>`, or why the API is off.
 */
import type { LocalApiInfo } from './local-api-service.js';

export function localApiLine(info: LocalApiInfo): string {
  if (info.state === 'running' && info.baseUrl) return `Local API: ${info.baseUrl} key=${info.key}`;
  return `Local API: off (${info.error ?? 'not started'})`;
}
