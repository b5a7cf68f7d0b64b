/** What the Routing panel says about one routed request: why its device won, and its attempts. */
import type { RoutedRequest } from '../../../shared/routing.js';
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
