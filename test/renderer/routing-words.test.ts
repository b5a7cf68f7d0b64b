import { describe, expect, it } from 'vitest';
import { attemptsLine, failovers, whyWon } from '../../src/renderer/panels/routing/routing-words.js';
import type { RoutedRequest } from '../../src/shared/routing.js';

const base: RoutedRequest = {
  id: 'r1', at: 0, source: 'local-api', model: 'auto', ok: true,
  servedBy: { id: 'this-computer', name: 'this computer', kind: 'this-computer' },
  terms: { model: 56, load: 0, battery: 0, signal: 0, total: 56 },
  runnerUp: { name: 'EdgeCoder sim-phone-1', terms: { model: 44, load: 20, battery: 10, signal: 12.5, total: 86.5 } },
  attempts: [
    { deviceId: 'p1', name: 'EdgeCoder sim-laptop-1', kind: 'mesh', outcome: 'link-lost', error: 'disconnected', ms: 1200 },
    { deviceId: 'this-computer', name: 'this computer', kind: 'this-computer', outcome: 'served', error: null, ms: 812 },
  ],
  latencyMs: 2012, completionTokens: 26, credits: null, error: null,
};

describe('what the Routing panel says about a request', () => {
  it('says why the winner won against the runner-up, and each attempt with its outcome', () => {
    expect(whyWon(base)).toBe("model 56 + load 0 + battery 0 + signal 0 = 56, against EdgeCoder sim-phone-1's 86.5");
    expect(attemptsLine(base)).toBe('EdgeCoder sim-laptop-1 link-lost (1200 ms) → this computer served (812 ms)');
    expect(failovers(base)).toBe(1);
  });

  it('says when there was no other choice, and why an unserved request failed', () => {
    expect(whyWon({ ...base, runnerUp: null })).toBe('model 56 + load 0 + battery 0 + signal 0 = 56; no other device could serve');
    expect(whyWon({ ...base, ok: false, servedBy: null, terms: null, error: 'No device answered within 60 s.' })).toBe('No device answered within 60 s.');
    expect(attemptsLine({ ...base, attempts: [] })).toBe('no attempt');
  });
});
