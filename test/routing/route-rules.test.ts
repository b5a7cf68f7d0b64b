/** The request router's pure rules: attempt outcomes, chat flattening, the "no device" words, the wait, the log. */
import { describe, expect, it } from 'vitest';
import { LinkLostError } from '../../src/main/ble/central/central-errors.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { AbortedError, TimeoutError } from '../../src/main/core/deadline.js';
import { silentLogger } from '../../src/main/core/logger.js';
import { QueueFullError } from '../../src/main/inference/request-slots.js';
import { PromptTooLongError } from '../../src/main/inference/run-request.js';
import { classifyAttemptFailure } from '../../src/main/routing/attempt-outcome.js';
import { waitForCandidate } from '../../src/main/routing/candidate-wait.js';
import { explainFailedAttempts, explainNoCandidate } from '../../src/main/routing/no-device-reason.js';
import { estimateTokens, promptOf } from '../../src/main/routing/prompt-text.js';
import { failedRecord } from '../../src/main/routing/route-record.js';
import { fromCentralError } from '../../src/main/routing/nearby-answer.js';
import { DeviceBusyError, DeviceFailedError, DeviceLinkLostError, ReceiptRefusedError } from '../../src/main/routing/route-executor.js';
import { fromEngineError } from '../../src/main/routing/this-computer-executor.js';
import { ContextTooLongError } from '../../src/main/routing/route-errors.js';
import { selfCandidate } from '../../src/main/routing/route-candidates.js';
import { RoutedLog } from '../../src/main/routing/routed-log.js';
import { rankCandidates } from '../../src/main/routing/router.js';
import type { RouteCandidate } from '../../src/main/routing/route-types.js';
import { RoutedRequestSchema } from '../../src/shared/routing.js';

const go = { callerAborted: false, deadlinePassed: false, streamed: false };

describe('classifyAttemptFailure', () => {
  it.each([
    [new TimeoutError('task on x', 5), 'timeout'],
    [new DeviceLinkLostError('link to aa:bb lost: disconnected (0x08)'), 'link-lost'],
    [new ReceiptRefusedError('forger', 'credits_mismatch'), 'refused'],
    [new DeviceFailedError('laptop', 'out of memory'), 'failed'],
    [new Error('anything else'), 'failed'],
  ] as const)('%s → %s, and the next device is tried', (err, outcome) => {
    expect(classifyAttemptFailure(err, go)).toEqual({ outcome, message: err.message, stop: null, busy: false });
  });

  it('a full queue is a failed attempt that counts as busy', () => {
    expect(classifyAttemptFailure(new DeviceBusyError('inference queue is full (32 waiting)'), go)).toMatchObject({ outcome: 'failed', stop: null, busy: true });
  });

  it('sees transport errors only as the executors map them: the same words, a route error', () => {
    const lost = new LinkLostError('aa:bb', 'disconnected (0x08)');
    expect(classifyAttemptFailure(fromCentralError(lost), go)).toEqual({ outcome: 'link-lost', message: lost.message, stop: null, busy: false });
    const full = new QueueFullError('inference queue is full (32 waiting)');
    expect(classifyAttemptFailure(fromEngineError(full), go)).toEqual({ outcome: 'failed', message: full.message, stop: null, busy: true });
    const long = fromEngineError(new PromptTooLongError(3000, 2048));
    expect(long).toBeInstanceOf(ContextTooLongError);
    expect(long).toMatchObject({ promptTokens: 3000, contextSize: 2048, message: new PromptTooLongError(3000, 2048).message });
    expect(classifyAttemptFailure(long, go)).toMatchObject({ stop: 'pass-through' });
    const other = new Error('anything else');
    expect([fromCentralError(other), fromEngineError(other)]).toEqual([other, other]);
  });

  it('stops after the caller aborted or the deadline passed, whatever the device threw', () => {
    expect(classifyAttemptFailure(new AbortedError('x'), { ...go, callerAborted: true })).toMatchObject({ outcome: 'aborted', stop: 'caller-aborted' });
    expect(classifyAttemptFailure(new DeviceLinkLostError('link to p lost: r'), { ...go, deadlinePassed: true })).toMatchObject({ outcome: 'timeout', stop: 'deadline' });
  });

  it('passes a prompt too long for the context through, and never fails over once output was streamed', () => {
    expect(classifyAttemptFailure(new ContextTooLongError(3000, 2048), go)).toMatchObject({ stop: 'pass-through' });
    expect(classifyAttemptFailure(new Error('host crashed'), { ...go, streamed: true })).toMatchObject({ outcome: 'failed', stop: 'partly-streamed' });
  });
});

describe('promptOf', () => {
  it('keeps a prompt, sends a lone user message as it is, labels the turns of a chat', () => {
    expect(promptOf({ prompt: 'uvw' })).toBe('uvw');
    expect(promptOf({ messages: [{ role: 'user', content: 'fix this' }] })).toBe('fix this');
    expect(promptOf({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Sort a list' }] }))
      .toBe('System: Be brief.\n\nUser: Hi\n\nAssistant: Hello\n\nUser: Sort a list\n\nAssistant:');
    expect(promptOf({ messages: [{ role: 'system', content: 'Only a system turn' }] })).toBe('System: Only a system turn\n\nAssistant:');
  });

  it('estimates tokens at about four characters each', () => {
    expect([estimateTokens(''), estimateTokens('a'), estimateTokens('abcd'), estimateTokens('abcde')]).toEqual([0, 1, 1, 2]);
  });
});

const now = 1_700_000_000_000;
const self = (ready: boolean): RouteCandidate =>
  selfCandidate({ readyModel: ready ? { name: 'alphabet-tiny', paramSize: 0 } : null, running: 0, queued: 0, deviceType: 'laptop', now });
const phone = (over: Partial<RouteCandidate>): RouteCandidate => ({
  id: 'p1', kind: 'mesh', name: 'EdgeCoder phone', agentId: 'a', publicKey: 'k', deviceType: 'phone', model: 'm', paramSize: 1.5,
  currentLoad: 0, batteryPct: 80, rssi: -60, lastSeenAt: now, sameMesh: true, identified: true, modelReady: true, ownPeripheral: false, ...over,
});
const reachAll = { reachable: () => true, failed: new Set<string>() };

describe('explainNoCandidate', () => {
  it('says this computer has no model and no device is known', () => {
    expect(explainNoCandidate(rankCandidates([self(false)], { now }), reachAll))
      .toBe('No device can answer: this computer has no model loaded and no nearby device is known.');
  });

  it('names each nearby device with why it cannot take it, at most three', () => {
    const peers = [phone({ id: 'a', name: 'A', sameMesh: false }), phone({ id: 'b', name: 'B', lastSeenAt: now - 90_000 }), phone({ id: 'c', name: 'C', modelReady: false }), phone({ id: 'd', name: 'D', currentLoad: null })];
    expect(explainNoCandidate(rankCandidates([self(false), ...peers], { now }), reachAll)).toBe(
      'No device can answer: this computer has no model loaded and no nearby device can take it (A: belongs to another EdgeCoder mesh (different mesh token); B: not seen for 90 s; C: its model is not ready; and 1 more).',
    );
  });

  it('says which devices already failed or cannot be reached', () => {
    const r = rankCandidates([self(true), phone({})], { now });
    expect(explainNoCandidate(r, { reachable: (c) => c.kind === 'this-computer', failed: new Set(['this-computer']) }))
      .toBe('No device can answer: this computer already failed and no nearby device can take it (EdgeCoder phone: cannot be reached (no Bluetooth exchange for it)).');
  });

  it('lists failed attempts with their outcomes', () => {
    expect(explainFailedAttempts([
      { deviceId: 'x', name: 'X', kind: 'mesh', outcome: 'link-lost', error: 'link to x lost: disconnected', ms: 10 },
      { deviceId: 'y', name: 'Y', kind: 'bluetooth-local', outcome: 'failed', error: null, ms: 3 },
    ])).toBe('No device could answer after 2 attempts: X (link lost: link to x lost: disconnected); Y (failed).');
  });
});

describe('waitForCandidate', () => {
  const setup = () => {
    const clock = new ManualClock();
    const listeners = new Set<() => void>();
    const deps = { clock, onCandidatesChanged: (l: () => void) => (listeners.add(l), () => listeners.delete(l)) };
    return { clock, listeners, deps, changed: () => [...listeners].forEach((l) => l()) };
  };

  it('resolves true when a change makes a device available, and lets go of its listener and timer', async () => {
    const w = setup();
    let found = false;
    const p = waitForCandidate(() => found, w.deps, 5_000, new AbortController().signal);
    w.changed();
    found = true;
    w.changed();
    await expect(p).resolves.toBe(true);
    expect([w.listeners.size, w.clock.pending]).toEqual([0, 0]);
  });

  it('resolves false when the time passes first, and rejects when aborted', async () => {
    const w = setup();
    const p = waitForCandidate(() => false, w.deps, 5_000, new AbortController().signal);
    await w.clock.advance(4_999);
    w.changed();
    await w.clock.advance(1);
    await expect(p).resolves.toBe(false);
    const ac = new AbortController();
    const q = waitForCandidate(() => false, w.deps, 5_000, ac.signal);
    ac.abort();
    await expect(q).rejects.toBeInstanceOf(AbortedError);
    expect([w.listeners.size, w.clock.pending]).toEqual([0, 0]);
  });
});

describe('RoutedLog', () => {
  it('keeps the newest first within its capacity and tells listeners', () => {
    const log = new RoutedLog(2, silentLogger);
    const seen: string[] = [];
    const off = log.onRouted((r) => seen.push(r.id));
    for (const id of ['r1', 'r2', 'r3']) log.add(failedRecord({ id, job: { source: 'local-api', model: 'auto' }, startedAt: now, endedAt: now + 5, attempts: [] }, 'x'));
    off();
    log.add(failedRecord({ id: 'r4', job: { source: 'dashboard', model: 'auto' }, startedAt: now, endedAt: now, attempts: [] }, 'x'));
    expect(log.recent().map((r) => r.id)).toEqual(['r4', 'r3']);
    expect(seen).toEqual(['r1', 'r2', 'r3']);
    expect(RoutedRequestSchema.parse(log.recent()[1])).toMatchObject({ ok: false, latencyMs: 5, error: 'x' });
  });
});
