import { describe, expect, it } from 'vitest';
import type { SandboxLanguage } from '../../src/main/sandbox/sandbox-port.js';
import { JAVASCRIPT_CHECKS, PYTHON_CHECKS } from './escape-checks.js';
import { escapeContext } from './escape-context.js';
import { testSandbox } from './helpers.js';

// Issue 17 item 7: every escape and abuse attempt holds, and the next run after it works.
// escape-naive.test.ts runs the same checks against a naive runner, where they catch real escapes.
const ctx = escapeContext();
const sandbox = testSandbox({ timeoutMs: 2500 });

const canary: Record<SandboxLanguage, string> = { python: 'print(6 * 7)', javascript: 'print(6 * 7)' };

describe.each([['Python', PYTHON_CHECKS], ['JavaScript', JAVASCRIPT_CHECKS]] as const)('%s', (_label, checks) => {
  it.each(checks.map((c) => [c.name, c] as const))('%s: held, and the next run works', async (_name, check) => {
    const result = await sandbox.run({ language: check.language, code: check.code(ctx), ...(check.limits ? { limits: check.limits } : {}) }, {});
    expect(check.broken(result, ctx), JSON.stringify({ ...result, stdout: result.stdout.slice(0, 600), stderr: result.stderr.slice(-600) })).toBeNull();
    const next = await sandbox.run({ language: check.language, code: canary[check.language] }, {});
    expect(next, JSON.stringify(next)).toMatchObject({ ok: true, exitCode: 0, stdout: '42\n' });
    expect(ctx.connections()).toBe(0);
  }, 90_000);
});

describe('nothing carries from one run to the next', () => {
  it('Python: a file and a global made by one run are gone in the next', async () => {
    const first = await sandbox.run({ language: 'python', code: "import builtins\nopen('/tmp/state.txt', 'w').write('kept')\nbuiltins.LEAK = 1\nprint(open('/tmp/state.txt').read())" }, {});
    expect(first).toMatchObject({ ok: true, stdout: 'kept\n' });
    const second = await sandbox.run({ language: 'python', code: "import os, builtins\nprint(os.path.exists('/tmp/state.txt'), hasattr(builtins, 'LEAK'))" }, {});
    expect(second).toMatchObject({ ok: true, stdout: 'False False\n' });
  }, 90_000);

  it('JavaScript: a global and a changed builtin made by one run are gone in the next', async () => {
    const first = await sandbox.run({ language: 'javascript', code: "globalThis.LEAK = 1; Array.prototype.sneaky = () => 'x'; print(typeof LEAK, [].sneaky())" }, {});
    expect(first).toMatchObject({ ok: true, stdout: 'number x\n' });
    const second = await sandbox.run({ language: 'javascript', code: 'print(typeof LEAK, typeof [].sneaky)' }, {});
    expect(second).toMatchObject({ ok: true, stdout: 'undefined undefined\n' });
  }, 90_000);
});
