import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../src/main/sandbox/child-stats.js';
import type { ChildResult } from '../../src/main/sandbox/child-protocol.js';
import { codeTooLarge, outcomeToResult } from '../../src/main/sandbox/run-outcome.js';
import { limitsForTask, limitsFromSettings } from '../../src/main/sandbox/sandbox-limits.js';
import { DEFAULT_SANDBOX_LIMITS } from '../../src/main/sandbox/sandbox-port.js';
import { SettingsSchema } from '../../src/shared/settings.js';

const limits = DEFAULT_SANDBOX_LIMITS;
const base: ChildResult = {
  type: 'result', id: 1, exitCode: 0, stdout: 'out', stderr: '', missingModule: null, crash: null,
  timedOut: false, outputCut: false, memoryRefused: false, cpuSeconds: 0.25, durationMs: 40.4, rssBytes: 1,
};

describe('what a run outcome means', () => {
  it.each([
    ['exit 0', {}, { ok: true, exitCode: 0, reason: null, reasonText: null }],
    ['exit 2', { exitCode: 2 }, { ok: false, exitCode: 2, reason: null }],
    ['past the deadline', { exitCode: 1, timedOut: true }, { ok: false, exitCode: null, reason: 'timeout', reasonText: 'ran past the 10 s limit and was stopped' }],
    ['finished just past the deadline with 0', { exitCode: 0, timedOut: true }, { ok: true, reason: null }],
    ['memory refused', { exitCode: 1, memoryRefused: true }, { ok: false, exitCode: null, reason: 'memory_limit', reasonText: 'used more than the 256 MB memory limit and was stopped' }],
    ['memory refused, caught, exit 0', { memoryRefused: true }, { ok: true, reason: null }],
    ['output cut', { exitCode: 1, outputCut: true }, { ok: false, exitCode: 1, reason: 'output_limit', reasonText: 'printed more than 64 KiB and was stopped; the output is cut there' }],
    ['output cut, exit 0', { outputCut: true }, { ok: false, exitCode: 0, reason: 'output_limit' }],
    ['missing module', { exitCode: 1, missingModule: 'numpy' }, { ok: false, exitCode: 1, reason: 'outside_subset', missingModule: 'numpy', reasonText: 'needs module numpy, which the sandbox does not have' }],
    ['missing module caught', { missingModule: 'numpy' }, { ok: true, reason: null }],
    ['interpreter crash', { exitCode: null, crash: 'RangeError: boom\nat x' }, { ok: false, exitCode: null, reason: 'sandbox_error', reasonText: 'the sandbox failed: RangeError: boom' }],
  ] as const)('%s', (_name, change, expected) => {
    const r = outcomeToResult({ kind: 'result', result: { ...base, ...change } }, limits);
    expect(r).toMatchObject({ ...expected, cpuSeconds: 0.25, durationMs: 40 });
  });

  it('a killed child: the reason of the kill, the OS-measured CPU or else the wall time', () => {
    expect(outcomeToResult({ kind: 'killed', why: 'timeout', cpuSeconds: 1.2, durationMs: 11_500 }, limits))
      .toMatchObject({ ok: false, exitCode: null, reason: 'timeout', cpuSeconds: 1.2, durationMs: 11_500, stdout: '' });
    expect(outcomeToResult({ kind: 'killed', why: 'memory_limit', cpuSeconds: null, durationMs: 900 }, limits))
      .toMatchObject({ reason: 'memory_limit', cpuSeconds: 0.9 });
    expect(outcomeToResult({ kind: 'died', message: 'the interpreter process ended unexpectedly', cpuSeconds: null, durationMs: 10 }, limits))
      .toMatchObject({ reason: 'sandbox_error', reasonText: 'the sandbox failed: the interpreter process ended unexpectedly' });
  });

  it('code over the size limit is refused with its size, at the limit it is accepted', () => {
    expect(codeTooLarge('x'.repeat(limits.codeBytes), limits)).toBeNull();
    expect(codeTooLarge('é'.repeat(limits.codeBytes / 2 + 1), limits)).toMatchObject({ reason: 'code_too_large', reasonText: 'the code is 262146 bytes, over the 256 KiB limit; nothing ran' });
  });
});

describe('limits', () => {
  it('come from the sandbox settings, and a shorter task timeout wins', () => {
    const settings = SettingsSchema.parse({ sandbox: { timeoutMs: 20_000, outputKiB: 8 } }).sandbox;
    expect(settings).toEqual({ enabled: true, timeoutMs: 20_000, memoryMb: 256, outputKiB: 8 });
    const l = limitsFromSettings(settings);
    expect(l).toEqual({ timeoutMs: 20_000, memoryMb: 256, outputBytes: 8192, codeBytes: 256 * 1024 });
    expect(limitsForTask(l, 4000).timeoutMs).toBe(4000);
    expect(limitsForTask(l, 60_000).timeoutMs).toBe(20_000);
    expect(limitsForTask(l, -1).timeoutMs).toBe(20_000);
    expect(limitsForTask(l, null).timeoutMs).toBe(20_000);
  });

  it('settings defaults are 10 s, 256 MB, 64 KiB, on', () => {
    expect(SettingsSchema.parse({}).sandbox).toEqual({ enabled: true, timeoutMs: 10_000, memoryMb: 256, outputKiB: 64 });
    expect(SettingsSchema.safeParse({ sandbox: { memoryMb: 10 } }).success).toBe(false);
  });
});

describe('/proc/<pid>/stat', () => {
  it('reads CPU seconds (utime + stime) and resident bytes, even with spaces in the command name', () => {
    const line = '4242 (node sandbox) S 1 2 3 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 78494 900000000 51200 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ cpuSeconds: 3, rssBytes: 51200 * 4096 });
    expect(parseProcStat('garbage')).toBeNull();
  });
});
