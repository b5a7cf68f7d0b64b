import type { HeartbeatResult } from '../../shared/snapshot.js';

/** "last 20 heartbeats: 18 answered, 2 failed" (the timeline's accessible name). */
export function heartbeatSummary(beats: readonly HeartbeatResult[]): string {
  if (beats.length === 0) return 'no heartbeats sent yet';
  const answered = beats.filter((b) => b.ok).length;
  const noun = beats.length === 1 ? 'heartbeat' : `${beats.length} heartbeats`;
  return `last ${noun}: ${answered} answered, ${beats.length - answered} failed`;
}

/** One bar's tooltip: when, and the round trip or why it failed. */
export function heartbeatTitle(b: HeartbeatResult): string {
  const at = new Date(b.at).toLocaleTimeString();
  return b.ok ? `${at}: answered in ${b.ms ?? '?'} ms` : `${at}: failed (${b.error ?? 'unknown error'})`;
}
