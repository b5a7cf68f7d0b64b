/**
 * Why no device can answer a request, in the words the IDE and the dashboard show. Pure.
 *   "No device can answer: this computer has no model loaded and no nearby device is known."
 *   "No device could answer after 3 attempts: sim-laptop (link lost: …); iPhone (failed: …)."
 */
import type { RouteAttempt } from '../../shared/routing.js';
import type { Ranking, RouteCandidate, SkippedCandidate } from './route-types.js';

const NAMED_AT_MOST = 3;

export interface NoDeviceContext {
  /** Whether a kind of device can be reached at all (an executor exists for it). */
  reachable: (candidate: RouteCandidate) => boolean;
  /** Devices that already failed this request. */
  failed: ReadonlySet<string>;
}

export function explainNoCandidate(ranking: Ranking, ctx: NoDeviceContext): string {
  const all = [...ranking.ranked.map((r) => ({ candidate: r.candidate, reason: null })), ...ranking.skipped];
  const self = all.find((x) => x.candidate.kind === 'this-computer');
  const nearby = all.filter((x) => x.candidate.kind !== 'this-computer' && !x.candidate.ownPeripheral);
  return `No device can answer: ${selfPart(self, ctx)} and ${nearbyPart(nearby, ctx)}.`;
}

export function explainFailedAttempts(attempts: readonly RouteAttempt[]): string {
  const parts = attempts.map((a) => `${a.name} (${OUTCOME_WORDS[a.outcome]}${a.error ? `: ${a.error}` : ''})`);
  return `No device could answer after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: ${parts.join('; ')}.`;
}

const OUTCOME_WORDS: Record<RouteAttempt['outcome'], string> = {
  served: 'served',
  failed: 'failed',
  timeout: 'timed out',
  'link-lost': 'link lost',
  refused: 'receipt refused',
  aborted: 'cancelled',
};

type Entry = { candidate: RouteCandidate; reason: SkippedCandidate['reason'] | null };

function selfPart(self: Entry | undefined, ctx: NoDeviceContext): string {
  if (!self || !ctx.reachable(self.candidate)) return 'this computer does not run a model';
  if (ctx.failed.has(self.candidate.id)) return 'this computer already failed';
  if (!self.reason) return 'this computer is not available';
  if (self.reason.code === 'model_not_ready') return 'this computer has no model loaded';
  return `this computer cannot (${lowerFirst(self.reason.message)})`;
}

function nearbyPart(nearby: Entry[], ctx: NoDeviceContext): string {
  if (nearby.length === 0) return 'no nearby device is known';
  const why = nearby.map((x) => `${x.candidate.name}: ${entryReason(x, ctx)}`);
  const shown = why.slice(0, NAMED_AT_MOST).join('; ');
  const more = why.length > NAMED_AT_MOST ? `; and ${why.length - NAMED_AT_MOST} more` : '';
  return `no nearby device can take it (${shown}${more})`;
}

function entryReason(entry: Entry, ctx: NoDeviceContext): string {
  if (!ctx.reachable(entry.candidate)) return 'cannot be reached (no Bluetooth exchange for it)';
  if (ctx.failed.has(entry.candidate.id)) return 'already failed';
  return entry.reason ? lowerFirst(entry.reason.message.replace(/\.$/, '')) : 'not available';
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}
