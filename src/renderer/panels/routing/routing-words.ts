/** What the Routing panel says about one routed request: why its device won, and its attempts. */
import type { CodingRun, RoutedRequest } from '../../../shared/routing.js';
import type { ActivityEntry } from '../../../shared/snapshot.js';
import { fmt, termsSentence } from '../../components/device-words.js';

/** "model 0 + load 0 + battery 0 + signal 15 = 15, against sim-phone-1's 42", or why there was no choice. */
export function whyWon(r: RoutedRequest): string {
  if (!r.servedBy || !r.terms) return r.error ?? 'No device answered.';
  const own = termsSentence(r.terms);
  return r.runnerUp ? `${own}, against ${r.runnerUp.name}'s ${fmt(r.runnerUp.terms.total)}` : `${own}; no other device could serve`;
}

/** "sim-laptop-1 timeout (60000 ms) → this computer served (812 ms)". */
export function attemptsLine(r: RoutedRequest): string {
  if (r.attempts.length === 0) return 'no attempt';
  return r.attempts.map((a) => `${a.name} ${a.outcome} (${fmt(a.ms)} ms)`).join(' → ');
}

export function failovers(r: RoutedRequest): number {
  return r.attempts.filter((a) => a.outcome !== 'served').length;
}

/** "coding: python, ok after 2 attempts"; "coding: javascript, failed after 1 attempt (timeout)". Null for a plain prompt. */
export function codingLine(r: Pick<RoutedRequest, 'coding'>): string | null {
  const c = r.coding;
  if (!c) return null;
  const tries = `${c.iterations} attempt${c.iterations === 1 ? '' : 's'}`;
  return `coding: ${c.language}, ${c.ok ? 'ok' : 'failed'} after ${tries}${!c.ok && c.reason ? ` (${c.reason.replace(/_/g, ' ')})` : ''}`;
}

/** "Python · exit code 0 · 2 iterations · 0.4 CPU-s · ran on this computer". */
export function codingRunLine(run: CodingRun, ranOn: string): string {
  const lang = run.language === 'python' ? 'Python' : 'JavaScript';
  const exit = run.exitCode === null ? 'no exit code' : `exit code ${run.exitCode}`;
  const its = `${run.iterations} iteration${run.iterations === 1 ? '' : 's'}`;
  return `${lang} · ${exit} · ${its} · ${fmtCpu(run.cpuSeconds)} CPU-s · ran on ${ranOn}`;
}

const fmtCpu = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));

const SERVED_FOR_OTHERS = /^Ran a (Python|JavaScript|coding) task for /;

/** The coding tasks this computer ran for others (the swarm, nearby devices), newest first, from the Activity lines that say so. */
export function codingServedForOthers(activity: readonly ActivityEntry[], max = 5): ActivityEntry[] {
  return activity.filter((e) => e.kind === 'tasks' && SERVED_FOR_OTHERS.test(e.message)).sort((a, b) => b.at - a.at).slice(0, max);
}
