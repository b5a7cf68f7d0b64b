import { describe, expect, it } from 'vitest';
import { attemptsLine, codingLine, codingRunLine, codingServedForOthers, failovers, whyWon } from '../../src/renderer/panels/routing/routing-words.js';
import type { ActivityEntry } from '../../src/shared/snapshot.js';
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

describe('what the Routing panel and the prompt box say about a coding request', () => {
  it('notes the language and how the run ended on the routed record; nothing for a plain prompt', () => {
    expect(codingLine({ coding: { language: 'python', ok: true, iterations: 2, exitCode: 0, reason: null } })).toBe('coding: python, ok after 2 attempts');
    expect(codingLine({ coding: { language: 'javascript', ok: false, iterations: 1, exitCode: null, reason: 'outside_subset' } })).toBe('coding: javascript, failed after 1 attempt (outside subset)');
    expect(codingLine({})).toBeNull();
  });

  it('the prompt box\'s line: language, exit code, iterations, CPU seconds and who ran it', () => {
    const run = { language: 'python' as const, ok: true, iterations: 2, exitCode: 0, reason: null, code: 'print()', error: null, cpuSeconds: 1.4 };
    expect(codingRunLine(run, 'this computer')).toBe('Python · exit code 0 · 2 iterations · 1.40 CPU-s · ran on this computer');
    expect(codingRunLine({ ...run, language: 'javascript', exitCode: null, iterations: 1 }, 'EdgeCoder sim-laptop')).toBe('JavaScript · no exit code · 1 iteration · 1.40 CPU-s · ran on EdgeCoder sim-laptop');
  });
});

describe('the coding tasks this computer ran for others, as the Routing panel lists them', () => {
  it('takes the Activity lines of coding tasks run for the swarm and nearby devices, newest first, at most five', () => {
    const line = (at: number, message: string, kind: ActivityEntry['kind'] = 'tasks'): ActivityEntry => ({ at, level: 'info', message, kind });
    const activity = [
      line(1, 'Ran a Python task for the swarm: ok after 2 attempts, 1.4 CPU-s.'),
      line(2, 'Model coder-tiny chosen.', 'models'),
      line(3, 'Ran a JavaScript task for Runner A over Bluetooth: ok after 1 attempt, 0.2 CPU-s, +0.1 credits, pending sync.'),
      line(4, 'Task 7 done for the swarm.'),
    ];
    expect(codingServedForOthers(activity).map((e) => e.at)).toEqual([3, 1]);
    const many = Array.from({ length: 8 }, (_, i) => line(i, `Ran a Python task for the swarm: ok after 1 attempt, 0.${i} CPU-s.`));
    expect(codingServedForOthers(many).map((e) => e.at)).toEqual([7, 6, 5, 4, 3]);
  });
});
