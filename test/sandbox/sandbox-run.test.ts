import { describe, expect, it } from 'vitest';
import { testSandbox } from './helpers.js';

// The sandbox runs ordinary task code and says how it ended, per language.
const sandbox = testSandbox();

describe('Python in Pyodide', () => {
  it('prints, reads stdin and exits 0', async () => {
    const r = await sandbox.run({ language: 'python', code: 'import sys\nname = sys.stdin.read().strip()\nprint(f"hello {name}", sum(i*i for i in range(10)))', stdin: 'swarm\n' }, {});
    expect(r).toMatchObject({ ok: true, exitCode: 0, stdout: 'hello swarm 285\n', stderr: '', reason: null, reasonText: null });
    expect(r.cpuSeconds).toBeGreaterThan(0);
    expect(r.cpuSeconds).toBeLessThan(5);
  });

  it('an uncaught exception is exit code 1 with its traceback on stderr; sys.exit(n) is n', async () => {
    const thrown = await sandbox.run({ language: 'python', code: 'def f():\n    raise ValueError("bad input")\nf()' }, {});
    expect(thrown).toMatchObject({ ok: false, exitCode: 1, reason: null });
    expect(thrown.stderr).toMatch(/line 2, in f\n.*ValueError: bad input/s);
    const exited = await sandbox.run({ language: 'python', code: 'import sys\nprint("partial")\nsys.exit(3)' }, {});
    expect(exited).toMatchObject({ ok: false, exitCode: 3, stdout: 'partial\n', reason: null });
  });

  it('a module the interpreter lacks ends with outside_subset and its name', async () => {
    const r = await sandbox.run({ language: 'python', code: 'import numpy as np\nprint(np.zeros(3))' }, {});
    expect(r).toMatchObject({ ok: false, exitCode: 1, reason: 'outside_subset', missingModule: 'numpy', reasonText: 'needs module numpy, which the sandbox does not have' });
    const caught = await sandbox.run({ language: 'python', code: 'try:\n    import requests\nexcept ImportError:\n    print("fallback")' }, {});
    expect(caught).toMatchObject({ ok: true, exitCode: 0, stdout: 'fallback\n', reason: null });
  });

  it('a syntax error is exit code 1 with the error on stderr', async () => {
    const r = await sandbox.run({ language: 'python', code: 'print("x"' }, {});
    expect(r).toMatchObject({ ok: false, exitCode: 1, reason: null });
    expect(r.stderr).toMatch(/SyntaxError/);
  });
});

describe('JavaScript in QuickJS', () => {
  it('prints with console.log and print, reads stdin, exits 0', async () => {
    const r = await sandbox.run({ language: 'javascript', code: 'const xs = [3, 1, 2].sort();\nconsole.log("sorted", xs.join(","), stdin.trim());\nprint({ n: xs.length });', stdin: 'in\n' }, {});
    expect(r).toMatchObject({ ok: true, exitCode: 0, stdout: 'sorted 1,2,3 in\n{"n":3}\n', stderr: '', reason: null });
  });

  it('an uncaught error is exit code 1 with the error on stderr; console.error goes to stderr', async () => {
    const r = await sandbox.run({ language: 'javascript', code: 'console.error("warn me");\nfunction f() { throw new TypeError("bad input"); }\nf();' }, {});
    expect(r).toMatchObject({ ok: false, exitCode: 1, reason: null });
    expect(r.stderr).toMatch(/^warn me\nTypeError: bad input\n\s+at f \(task\.js:2/);
  });

  it('an async main that rejects is exit code 1 with its error; one that resolves is exit 0', async () => {
    const failed = await sandbox.run({ language: 'javascript', code: 'async function main() { await null; throw new Error("late failure"); }\nmain();' }, {});
    expect(failed).toMatchObject({ ok: false, exitCode: 1, reason: null });
    expect(failed.stderr).toMatch(/Error: late failure/);
    const passed = await sandbox.run({ language: 'javascript', code: 'async function main() { await null; print("done"); }\nmain();' }, {});
    expect(passed).toMatchObject({ ok: true, exitCode: 0, stdout: 'done\n' });
  });

  it('require of a module ends with outside_subset and its name', async () => {
    const r = await sandbox.run({ language: 'javascript', code: 'const _ = require("lodash");\nconsole.log(_.sum([1]))' }, {});
    expect(r).toMatchObject({ ok: false, exitCode: 1, reason: 'outside_subset', missingModule: 'lodash' });
  });
});

describe('refused before anything runs', () => {
  it('code over the size limit is code_too_large, nothing ran', async () => {
    const r = await sandbox.run({ language: 'python', code: `print(1)\n#${'x'.repeat(300 * 1024)}` }, {});
    expect(r).toMatchObject({ ok: false, exitCode: null, reason: 'code_too_large', stdout: '', cpuSeconds: 0 });
    expect(r.reasonText).toMatch(/over the 256 KiB limit; nothing ran/);
  });

  it('a language the sandbox does not run is a sandbox_error saying so', async () => {
    const r = await sandbox.run({ language: 'ruby' as never, code: 'puts 1' }, {});
    expect(r).toMatchObject({ ok: false, reason: 'sandbox_error' });
    expect(r.reasonText).toMatch(/language ruby is not one the sandbox runs/);
  });

  it('an abort during a run kills it (aborted) and the next run works', async () => {
    const controller = new AbortController();
    const running = sandbox.run({ language: 'javascript', code: 'while (true) {}' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await running).toMatchObject({ ok: false, exitCode: null, reason: 'aborted', reasonText: 'the run was cancelled' });
    const next = await sandbox.run({ language: 'javascript', code: 'print(6 * 7)' }, {});
    expect(next, JSON.stringify(next)).toMatchObject({ ok: true, stdout: '42\n' });
  });
});
