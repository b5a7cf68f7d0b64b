/**
 * Builds the RoutedRequest the dashboard lists for one request this computer routed, served or not.
 * Pure: the router hands in what happened.
 */
import type { CostTerms, RouteAttempt, RoutedRequest } from '../../shared/routing.js';
import type { ExecutorResult } from './route-executor.js';
import { codingNote } from './coding-route.js';
import type { CompletionJob, RankedCandidate } from './route-types.js';

export interface RouteSummary {
  id: string;
  job: Pick<CompletionJob, 'source' | 'model'>;
  startedAt: number;
  endedAt: number;
  attempts: RouteAttempt[];
}

export function servedRecord(summary: RouteSummary, served: RankedCandidate, runnerUp: RankedCandidate | null, result: Pick<ExecutorResult, 'completionTokens' | 'credits' | 'coding'>): RoutedRequest {
  const winner = served.candidate;
  return {
    ...base(summary),
    ok: true,
    servedBy: { id: winner.id, name: winner.name, kind: winner.kind },
    terms: copyTerms(served.terms),
    runnerUp: runnerUp ? { name: runnerUp.candidate.name, terms: copyTerms(runnerUp.terms) } : null,
    completionTokens: result.completionTokens,
    credits: result.credits,
    error: null,
    ...(result.coding ? { coding: codingNote(result.coding) } : {}),
  };
}

export function failedRecord(summary: RouteSummary, error: string): RoutedRequest {
  return { ...base(summary), ok: false, servedBy: null, terms: null, runnerUp: null, completionTokens: 0, credits: null, error };
}

function base(summary: RouteSummary): Pick<RoutedRequest, 'id' | 'at' | 'source' | 'model' | 'attempts' | 'latencyMs'> {
  return {
    id: summary.id,
    at: summary.startedAt,
    source: summary.job.source,
    model: summary.job.model,
    attempts: summary.attempts.map((a) => ({ ...a })),
    latencyMs: Math.max(0, summary.endedAt - summary.startedAt),
  };
}

function copyTerms(t: CostTerms): CostTerms {
  return { model: t.model, load: t.load, battery: t.battery, signal: t.signal, total: t.total };
}
