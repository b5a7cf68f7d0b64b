import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { testSandbox } from './helpers.js';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
  // The OS tells this process nothing when another one ends: poll, up to 60 s.
  for (let i = 0; i < 3000 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`never: ${what}`);
}

describe('warm interpreters', () => {
  const clock = new ManualClock();
  const sandbox = testSandbox({}, { clock, idleDropMs: 5 * 60_000 });

  it('none before the first task; one kept after it; dropped (process gone) after the idle minutes', async () => {
    expect(sandbox.hasWarm('javascript')).toBe(false);
    expect(sandbox.warmPids()).toEqual([]);
    const first = await sandbox.run({ language: 'javascript', code: 'print(1)' }, {});
    expect(first).toMatchObject({ ok: true, stdout: '1\n' });
    expect(sandbox.hasWarm('javascript')).toBe(true);
    const [pid] = sandbox.warmPids();
    expect(pid).toBeDefined();
    // A run within the idle time uses the warm process and keeps it.
    await clock.advance(4 * 60_000);
    expect(await sandbox.run({ language: 'javascript', code: 'print(2)' }, {})).toMatchObject({ ok: true, stdout: '2\n' });
    expect(sandbox.warmPids()).toEqual([pid]);
    await clock.advance(4 * 60_000);
    expect(sandbox.hasWarm('javascript')).toBe(true);
    await clock.advance(60_000 + 1);
    expect(sandbox.hasWarm('javascript')).toBe(false);
    await until(() => !isRunning(pid!), `process ${pid} ends`);
    // The next task starts a new interpreter.
    expect(await sandbox.run({ language: 'javascript', code: 'print(3)' }, {})).toMatchObject({ ok: true, stdout: '3\n' });
    expect(sandbox.warmPids()).not.toContain(pid);
  }, 60_000);

});

describe('Python', () => {
  const sandbox = testSandbox();

  it('an interpreter runs one task: the next run is in another process, the used one is gone', async () => {
    sandbox.warm('python');
    expect(await sandbox.run({ language: 'python', code: 'print(1)' }, {})).toMatchObject({ ok: true, stdout: '1\n' });
    // The spare behind it is spawned once the snapshot is at hand.
    await until(() => sandbox.warmPids().length === 1, 'a spare is spawned');
    const [spare] = sandbox.warmPids();
    expect(await sandbox.run({ language: 'python', code: 'print(2)' }, {})).toMatchObject({ ok: true, stdout: '2\n' });
    await until(() => !isRunning(spare!), `the used process ${spare} ends`);
    expect(sandbox.warmPids()).toHaveLength(1);
    expect(sandbox.warmPids()).not.toContain(spare);
  }, 120_000);
});
