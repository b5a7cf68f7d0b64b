import { describe, expect, it } from 'vitest';
import { JAVASCRIPT_CHECKS, PYTHON_CHECKS } from './escape-checks.js';
import { escapeContext } from './escape-context.js';
import { naiveRunner } from './naive-runner.js';

// The escape checks fail first: against a naive runner (python3 child, node:vm) each check marked
// naiveFails reports the escape it was written for. escape.test.ts runs them against the sandbox.
const ctx = escapeContext();

describe('the escape checks catch a real escape', () => {
  const checks = [...PYTHON_CHECKS, ...JAVASCRIPT_CHECKS].filter((c) => c.naiveFails);
  it.each(checks.map((c) => [`${c.language}: ${c.name}`, c] as const))('%s', async (_name, check) => {
    const result = await naiveRunner.run({ language: check.language, code: check.code(ctx) }, {});
    expect(check.broken(result, ctx), JSON.stringify(result).slice(0, 400)).not.toBeNull();
  }, 30_000);
});
