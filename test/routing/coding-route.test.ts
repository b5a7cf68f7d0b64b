/**
 * The rules of a coding request in the router: a Bluetooth Local iPhone cannot run code, so it is moved
 * to the skipped with that reason in words (and the "no device" explanation says so); a device's run is
 * reported with its note for the Routing panel.
 */
import { describe, expect, it } from 'vitest';
import { CANNOT_RUN_CODE, codingNote, localCodingRun, meshCodingRun, rankingForJob } from '../../src/main/routing/coding-route.js';
import { explainNoCandidate } from '../../src/main/routing/no-device-reason.js';
import { rankCandidates } from '../../src/main/routing/router.js';
import { NOW, peer, thisComputer } from './candidate-fixtures.js';

const iphone = peer({ id: 'iphone-1', kind: 'bluetooth-local', name: 'iPhone', agentId: null, publicKey: null, paramSize: null, model: 'on-device', rssi: -40 });
const laptop = peer({ id: 'laptop-1', name: 'EdgeCoder laptop', deviceType: 'laptop', rssi: -70 });
const python = { coding: { language: 'python' as const, kind: 'micro_loop' as const } };

describe('which devices a coding request can use', () => {
  it('an iPhone in Bluetooth Local mode is skipped with its reason; mesh agents and this computer stay ranked in their order', () => {
    const ranking = rankCandidates([iphone, laptop, thisComputer({ paramSize: 0.5 })], { now: NOW });
    expect(ranking.ranked.map((r) => r.candidate.id)).toContain('iphone-1');
    const coding = rankingForJob(ranking, python);
    expect(coding.ranked.map((r) => r.candidate.id)).toEqual(ranking.ranked.map((r) => r.candidate.id).filter((id) => id !== 'iphone-1'));
    expect(coding.skipped.find((s) => s.candidate.id === 'iphone-1')).toMatchObject({ reason: { code: 'cannot_run_code', message: CANNOT_RUN_CODE } });
    // A plain prompt: the same ranking, untouched.
    expect(rankingForJob(ranking, {})).toBe(ranking);
  });

  it('with only an iPhone nearby and no model here, the refusal says the iPhone cannot run code', () => {
    const ranking = rankingForJob(rankCandidates([iphone, thisComputer({ modelReady: false, model: null })], { now: NOW }), python);
    expect(ranking.ranked).toEqual([]);
    expect(explainNoCandidate(ranking, { reachable: () => true, failed: new Set() })).toMatch(/iPhone: cannot run code \(an iPhone in Bluetooth Local mode answers prompts only\)/);
  });
});

describe('a coding run as the user sees it', () => {
  const base = { output: '9 words, 35 letters\n', code: 'print(1)\n', exitCode: 0, iterations: 2, cpuSeconds: 1.4, modelCpuSeconds: 1, sandboxCpuSeconds: 0.4, durationMs: 900, paramSize: 0, model: 'coder-tiny' };
  it('this computer\'s run: ok, or its error and reason when the loop gave up', () => {
    expect(localCodingRun('python', { ...base, ok: true, reason: null })).toEqual({ language: 'python', ok: true, iterations: 2, exitCode: 0, reason: null, code: 'print(1)\n', error: null, cpuSeconds: 1.4 });
    expect(localCodingRun('python', { ...base, ok: false, exitCode: 1, reason: 'max_iterations', error: 'NameError: x' })).toMatchObject({ ok: false, reason: 'max_iterations', error: 'NameError: x' });
  });

  it('a nearby agent\'s run: ok only when it exited 0 without a reason; the receipt\'s CPU seconds', () => {
    expect(meshCodingRun('javascript', { generatedCode: 'c', exitCode: 0, iterations: 1 }, 0.7)).toMatchObject({ ok: true, error: null, cpuSeconds: 0.7, code: 'c' });
    const failed = meshCodingRun('python', { generatedCode: 'c', exitCode: 1, iterations: 2, reason: 'max_iterations', runError: 'NameError' }, 2);
    expect(failed).toMatchObject({ ok: false, reason: 'max_iterations', error: 'NameError' });
    expect(codingNote(failed)).toEqual({ language: 'python', ok: false, iterations: 2, exitCode: 1, reason: 'max_iterations' });
  });
});
