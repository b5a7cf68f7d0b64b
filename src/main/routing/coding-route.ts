/**
 * The rules of a coding request ("Run as a coding task") in the router. Pure: which devices can take
 * one (those with a sandbox: this computer and EdgeCoder mesh agents; a Bluetooth Local iPhone cannot
 * run code, so it is skipped with that reason in words), and how a device's run is reported.
 */
import type { CodingLanguage, CodingNote, CodingRun } from '../../shared/routing.js';
import type { CodingResult } from '../coding/coding-types.js';
import type { CodingOutcome } from '../mesh/paid-task-provider.js';
import type { CompletionJob, Ranking } from './route-types.js';

export const CANNOT_RUN_CODE = 'Cannot run code (an iPhone in Bluetooth Local mode answers prompts only).';

/** The ranking as a coding request sees it: Bluetooth Local iPhones move to the skipped, with the reason. */
export function rankingForJob(ranking: Ranking, job: Pick<CompletionJob, 'coding'>): Ranking {
  if (!job.coding) return ranking;
  const cannot = ranking.ranked.filter((r) => r.candidate.kind === 'bluetooth-local');
  if (cannot.length === 0) return ranking;
  return {
    ranked: ranking.ranked.filter((r) => r.candidate.kind !== 'bluetooth-local'),
    skipped: [
      ...ranking.skipped,
      ...cannot.map((r) => ({ candidate: r.candidate, reason: { code: 'cannot_run_code' as const, message: CANNOT_RUN_CODE }, terms: r.terms, sizeUnknown: r.sizeUnknown })),
    ],
  };
}

/** This computer's coding loop result as the user sees it. */
export function localCodingRun(language: CodingLanguage, r: CodingResult): CodingRun {
  return {
    language, ok: r.ok, iterations: r.iterations, exitCode: r.exitCode, reason: r.reason,
    code: r.code, error: r.ok ? null : (r.error ?? r.reason), cpuSeconds: r.cpuSeconds,
  };
}

/** A nearby mesh agent's coding run (from its response), with the CPU seconds its receipt charged. */
export function meshCodingRun(language: CodingLanguage, r: CodingOutcome, cpuSeconds: number): CodingRun {
  const ok = r.exitCode === 0 && !r.reason;
  return {
    language, ok, iterations: r.iterations, exitCode: r.exitCode, reason: r.reason ?? null,
    code: r.generatedCode, error: ok ? null : (r.runError ?? r.reason ?? null), cpuSeconds,
  };
}

/** The Routing panel's note on the routed request. */
export function codingNote(run: CodingRun): CodingNote {
  return { language: run.language, ok: run.ok, iterations: run.iterations, exitCode: run.exitCode, reason: run.reason };
}
