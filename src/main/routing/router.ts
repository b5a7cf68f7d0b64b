/**
 * Ranks the devices that could answer one request: this computer's model and every nearby device.
 * Pure: the same candidates and time give the same ranking. A device is skipped, with a reason the
 * dashboard shows, when it is our own peripheral, in another mesh, stale (> 60 s), not identified,
 * without a ready model, reporting a negative or unknown load, serving another model than the one
 * asked for, or costing 200 or more. The rest are sorted by total cost; ties go to this computer
 * (no radio involved), then to the id, so the order never depends on discovery order.
 */
import type { SkipReason } from '../../shared/routing.js';
import { COST_THRESHOLD, costTerms } from './route-cost.js';
import type { RankOptions, RankedCandidate, Ranking, RouteCandidate, SkippedCandidate } from './route-types.js';

export const DEFAULT_STALE_AFTER_MS = 60_000;
export const AUTO_MODEL = 'auto';

export function rankCandidates(candidates: readonly RouteCandidate[], opts: RankOptions): Ranking {
  const ranked: RankedCandidate[] = [];
  const skipped: SkippedCandidate[] = [];
  for (const candidate of candidates) {
    const sizeUnknown = candidate.kind === 'bluetooth-local' && candidate.paramSize === null;
    const early = earlySkip(candidate, opts);
    if (early) {
      skipped.push({ candidate, reason: early, terms: null, sizeUnknown });
      continue;
    }
    const terms = costTerms({
      paramSize: candidate.paramSize ?? 0,
      currentLoad: candidate.currentLoad ?? 0,
      deviceType: candidate.deviceType,
      batteryPct: candidate.batteryPct,
      rssi: candidate.rssi,
      local: candidate.kind === 'this-computer',
    });
    const wanted = opts.model && opts.model !== AUTO_MODEL ? opts.model : null;
    if (wanted !== null && candidate.model !== wanted) {
      skipped.push({ candidate, reason: { code: 'model_mismatch', message: `Serves ${candidate.model ?? 'no model'}, not ${wanted}.` }, terms, sizeUnknown });
    } else if (terms.total >= (opts.threshold ?? COST_THRESHOLD)) {
      skipped.push({ candidate, reason: { code: 'too_costly', message: `Cost ${terms.total} is at or above ${opts.threshold ?? COST_THRESHOLD}.` }, terms, sizeUnknown });
    } else {
      ranked.push({ candidate, terms, sizeUnknown });
    }
  }
  ranked.sort(compareRanked);
  return { ranked, skipped };
}

function earlySkip(candidate: RouteCandidate, opts: RankOptions): SkipReason | null {
  if (candidate.ownPeripheral) return { code: 'own_peripheral', message: 'This computer answering its own Bluetooth scan.' };
  if (!candidate.sameMesh) return { code: 'other_mesh', message: 'Belongs to another EdgeCoder mesh (different mesh token).' };
  const staleAfter = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const age = opts.now - candidate.lastSeenAt;
  if (candidate.kind !== 'this-computer' && age > staleAfter) return { code: 'stale', message: `Not seen for ${Math.round(age / 1000)} s.` };
  if (candidate.unreachable) return { code: 'unreachable', message: 'Bluetooth connection attempts to it failed.' };
  if (!candidate.identified) return { code: 'not_identified', message: 'Seen, but its identity and capabilities are not read yet.' };
  if (!candidate.modelReady) return { code: 'model_not_ready', message: candidate.kind === 'this-computer' ? 'No local model is loaded and ready.' : 'Its model is not ready.' };
  if (candidate.currentLoad === null || !Number.isFinite(candidate.currentLoad)) return { code: 'unknown_load', message: 'Does not report its load.' };
  if (candidate.currentLoad < 0) return { code: 'unknown_load', message: `Reports a negative load (${candidate.currentLoad}), e.g. while swapping models.` };
  return null;
}

function compareRanked(a: RankedCandidate, b: RankedCandidate): number {
  if (a.terms.total !== b.terms.total) return a.terms.total - b.terms.total;
  const localA = a.candidate.kind === 'this-computer' ? 0 : 1;
  const localB = b.candidate.kind === 'this-computer' ? 0 : 1;
  if (localA !== localB) return localA - localB;
  return a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0;
}
