/**
 * The coding loop as a table on a scripted engine and a scripted sandbox (issue 17, item 8): each row
 * gives the model's answers and the runs' results, and says what the loop must report and what it
 * must (not) have asked or run.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { AbortedError, TimeoutError } from '../../src/main/core/deadline.js';
import { runCodingTask } from '../../src/main/coding/coding-loop.js';
import type { CodingResult, CodingTask } from '../../src/main/coding/coding-types.js';
import type { SandboxRunResult } from '../../src/main/sandbox/sandbox-port.js';
import { runResult, ScriptedEngine, ScriptedSandbox, type ScriptedAnswer } from './scripted.js';

const TASK = 'Print the sum of the squares of 1 to 10.';
const py = (code: string): string => `Here is the program:\n\`\`\`python\n${code}\n\`\`\`\nIt prints the sum.`;
const PLAN: ScriptedAnswer = { output: '1. Sum the squares.\n2. Print it.' };
const BAD = 'print(sum(i * i for i in range(1, 11))'; // unclosed parenthesis
const GOOD = 'print(sum(i * i for i in range(1, 11)))';
const SYNTAX = runResult({ exitCode: 1, stderr: "  File \"<exec>\", line 1\nSyntaxError: '(' was never closed\n" });
const FINE = runResult({ exitCode: 0, stdout: '385\n' });

interface Row {
  name: string;
  task?: Partial<CodingTask>;
  answers: Array<ScriptedAnswer | Error>;
  runs: Array<SandboxRunResult | Error>;
  expect: Partial<CodingResult>;
  /** Checks on what was asked and run. */
  check?: (e: ScriptedEngine, s: ScriptedSandbox, r: CodingResult) => void;
}

const rows: Row[] = [
  {
    name: 'fixed on the second try: the fix prompt carries the task, the code, the exit code and stderr',
    answers: [PLAN, { output: py(BAD) }, { output: py(GOOD) }],
    runs: [SYNTAX, FINE],
    expect: { ok: true, output: '385\n', reason: null, code: `${GOOD}\n`, exitCode: 0, iterations: 2, modelCpuSeconds: 1.5, sandboxCpuSeconds: 0.5, cpuSeconds: 2 },
    check: (e, s, r) => {
      expect(r.error).toBeUndefined();
      expect(e.calls[0]?.prompt).toContain(TASK);
      expect(e.calls[1]?.prompt).toContain('1. Sum the squares.');
      const fix = e.calls[2]?.prompt ?? '';
      for (const part of [TASK, BAD, 'exited with code 1', "SyntaxError: '(' was never closed"]) expect(fix).toContain(part);
      expect(s.requests.map((q) => q.code)).toEqual([`${BAD}\n`, `${GOOD}\n`]);
      expect(s.requests.every((q) => q.language === 'python')).toBe(true);
    },
  },
  {
    name: 'fails both iterations of a micro_loop: max_iterations with the last stderr',
    answers: [PLAN, { output: py(BAD) }, { output: py('print(undefined_name)') }],
    runs: [SYNTAX, runResult({ exitCode: 1, stdout: 'partial\n', stderr: "NameError: name 'undefined_name' is not defined\n" })],
    expect: { ok: false, reason: 'max_iterations', output: 'partial\n', error: "NameError: name 'undefined_name' is not defined\n", exitCode: 1, iterations: 2, code: 'print(undefined_name)\n' },
  },
  {
    name: 'single_step: one iteration, no fix',
    task: { kind: 'single_step' },
    answers: [PLAN, { output: py(BAD) }],
    runs: [SYNTAX],
    expect: { ok: false, reason: 'max_iterations', iterations: 1, exitCode: 1 },
    check: (e, s) => {
      expect(e.calls).toHaveLength(2);
      expect(s.requests).toHaveLength(1);
    },
  },
  {
    name: 'timeout in the sandbox: gives up at once, no fix asked',
    answers: [PLAN, { output: py('while True: pass') }],
    runs: [runResult({ exitCode: null, reason: 'timeout', reasonText: 'ran past the 10 s limit', cpuSeconds: 9.8 })],
    expect: { ok: false, reason: 'timeout', error: 'ran past the 10 s limit', exitCode: null, iterations: 1, sandboxCpuSeconds: 9.8 },
    check: (e) => expect(e.calls).toHaveLength(2),
  },
  {
    name: "timeout of the task's budget while the model writes: nothing runs",
    task: { timeoutMs: 5_000 },
    answers: [{ ...PLAN, takesMs: 2_000 }, { output: py(GOOD), takesMs: 3_500 }],
    runs: [],
    expect: { ok: false, reason: 'timeout', iterations: 1, exitCode: null, output: '' },
    check: (e, s, r) => {
      expect(r.error).toMatch(/5000 ms ran out before the code could run/);
      expect(e.calls[1]?.options.timeoutMs).toBe(3_000); // the model gets what is left of the budget
      expect(s.requests).toHaveLength(0);
    },
  },
  {
    name: 'timeout reported by the engine',
    task: { timeoutMs: 5_000 },
    answers: [PLAN, new TimeoutError('inference 7', 5_000)],
    runs: [],
    expect: { ok: false, reason: 'timeout', iterations: 0, code: '' },
  },
  {
    name: 'a run gets the remaining budget when it is shorter than the sandbox limit',
    task: { timeoutMs: 4_000 },
    answers: [{ ...PLAN, takesMs: 1_000 }, { output: py(GOOD), takesMs: 500 }],
    runs: [FINE],
    expect: { ok: true },
    check: (_e, s) => expect(s.requests[0]?.limits).toEqual({ timeoutMs: 2_500 }),
  },
  {
    name: 'outside the subset: stops with the module named, no fix',
    answers: [PLAN, { output: py('import numpy as np\nprint(np.arange(11).dot(np.arange(11)))') }],
    runs: [runResult({ exitCode: 1, reason: 'outside_subset', missingModule: 'numpy', reasonText: 'needs module numpy, which the sandbox lacks', stderr: "ModuleNotFoundError: No module named 'numpy'" })],
    expect: { ok: false, reason: 'outside_subset', error: 'needs module numpy, which the sandbox lacks', iterations: 1, exitCode: 1 },
    check: (e) => expect(e.calls).toHaveLength(2),
  },
  {
    name: 'model limit: the engine fails (prompt too long for the context)',
    answers: [PLAN, new Error('the prompt is 3000 tokens; the context holds 2048')],
    runs: [],
    expect: { ok: false, reason: 'model_limit', error: 'the model failed: the prompt is 3000 tokens; the context holds 2048', iterations: 0 },
  },
  {
    name: 'model limit: the answer is cut at its token limit, so it is not run',
    answers: [PLAN, { output: '```python\nfor i in range(', tokens: 1024 }],
    runs: [],
    expect: { ok: false, reason: 'model_limit', iterations: 1, code: 'for i in range(\n', exitCode: null },
    check: (_e, s, r) => {
      expect(r.error).toMatch(/1024-token limit/);
      expect(s.requests).toHaveLength(0);
    },
  },
  {
    name: 'model limit: an answer without code',
    answers: [PLAN, { output: '   \n' }],
    runs: [],
    expect: { ok: false, reason: 'model_limit', error: 'the model answered without any code', iterations: 1 },
  },
  {
    name: 'model limit on the fix keeps the first code and its run',
    answers: [PLAN, { output: py(BAD) }, new Error('host crashed')],
    runs: [SYNTAX],
    expect: { ok: false, reason: 'model_limit', code: `${BAD}\n`, exitCode: 1, iterations: 1 },
  },
  {
    name: 'bad fenced block (another language): the whole answer runs and its error goes to the fix',
    answers: [PLAN, { output: 'Run this:\n```bash\npython -c "print(385)"\n```' }, { output: py(GOOD) }],
    runs: [runResult({ exitCode: 1, stderr: 'SyntaxError: invalid syntax' }), FINE],
    expect: { ok: true, output: '385\n', iterations: 2 },
    check: (e, s) => {
      expect(s.requests[0]?.code).toBe('Run this:\n```bash\npython -c "print(385)"\n```\n');
      expect(e.calls[2]?.prompt).toContain('SyntaxError: invalid syntax');
    },
  },
  {
    name: 'bad fenced block (never closed): the code runs to the end of the answer',
    answers: [PLAN, { output: `Sure.\n\`\`\`py\n${GOOD}\n` }],
    runs: [FINE],
    expect: { ok: true, code: `${GOOD}\n`, iterations: 1 },
  },
  {
    name: 'a run with no stderr: the fix gets the sandbox reason in words',
    answers: [PLAN, { output: py('while True: print(1)') }, { output: py(GOOD) }],
    runs: [runResult({ exitCode: null, reason: 'output_limit', reasonText: 'stdout went over 64 KiB' }), FINE],
    expect: { ok: true, iterations: 2 },
    check: (e) => {
      expect(e.calls[2]?.prompt).toContain('did not finish');
      expect(e.calls[2]?.prompt).toContain('stdout went over 64 KiB');
    },
  },
  {
    name: 'the sandbox itself fails: sandbox_error, not the code\'s fault',
    answers: [PLAN, { output: py(GOOD) }],
    runs: [new Error('worker exited with code 134')],
    expect: { ok: false, reason: 'sandbox_error', error: 'the sandbox failed: worker exited with code 134', iterations: 1 },
  },
  {
    name: 'code that failed elsewhere is fixed at once with its error history (no plan)',
    task: { failedCode: BAD, errorHistory: ['TypeError: first', "SyntaxError: '(' was never closed"] },
    answers: [{ output: py(GOOD) }],
    runs: [FINE],
    expect: { ok: true, iterations: 1, modelCpuSeconds: 0.5 },
    check: (e) => {
      const fix = e.calls[0]?.prompt ?? '';
      for (const part of [TASK, BAD, "SyntaxError: '(' was never closed", 'Earlier attempts failed with:', 'TypeError: first']) expect(fix).toContain(part);
    },
  },
  {
    name: 'javascript: a ```js block is taken',
    task: { language: 'javascript' },
    answers: [PLAN, { output: '```js\nconsole.log(385);\n```' }],
    runs: [FINE],
    expect: { ok: true, code: 'console.log(385);\n' },
    check: (e, s) => {
      expect(e.calls[1]?.prompt).toContain('```javascript code block');
      expect(s.requests[0]?.language).toBe('javascript');
    },
  },
];

describe('the coding loop (scripted engine and sandbox)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const clock = new ManualClock();
      const engine = new ScriptedEngine([...row.answers], clock);
      const sandbox = new ScriptedSandbox([...row.runs]);
      const task: CodingTask = { language: 'python', task: TASK, kind: 'micro_loop', ...row.task };
      const r = await runCodingTask({ engine, sandbox, clock }, task);
      expect(r).toMatchObject(row.expect);
      expect(r.cpuSeconds).toBeCloseTo(r.modelCpuSeconds + r.sandboxCpuSeconds, 6);
      row.check?.(engine, sandbox, r);
    });
  }

  it('rejects with AbortedError when the caller aborts during a run, and asks nothing more', async () => {
    const clock = new ManualClock();
    const stop = new AbortController();
    const engine = new ScriptedEngine([PLAN, { output: py(GOOD) }, { output: py(GOOD) }], clock);
    const sandbox = new ScriptedSandbox([
      async (signal) => {
        stop.abort(new Error('the swarm worker stopped'));
        expect(signal?.aborted).toBe(true);
        return runResult({ exitCode: null, reason: 'aborted' });
      },
    ]);
    await expect(runCodingTask({ engine, sandbox, clock }, { language: 'python', task: TASK, kind: 'micro_loop' }, { signal: stop.signal }))
      .rejects.toBeInstanceOf(AbortedError);
    expect(engine.calls).toHaveLength(2);
  });
});
