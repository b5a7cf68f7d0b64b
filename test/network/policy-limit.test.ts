import { describe, expect, it } from 'vitest';
import { policySchema, type CoordinatorPolicy } from '../../src/main/coordinator-client/coordinator-schemas.js';
import { policyTaskLimit } from '../../src/main/coordinator-client/policy-limit.js';
import { effectiveCapacity } from '../../src/main/worker/worker-rules.js';

describe("what a coordinator's policy may do to the task limit", () => {
  it.each<[string, CoordinatorPolicy, number | null, number]>([
    // name, policy as the reply schema parsed it, limit, capacity with a local setting of 4
    ['no maxConcurrentTasks: no limit', { cpuCapPercent: 50 }, null, 4],
    ['2: lowers the setting', { maxConcurrentTasks: 2 }, 2, 2],
    ['8: never raises it above the setting', { maxConcurrentTasks: 8 }, 8, 4],
    ['1.7: rounded down', { maxConcurrentTasks: 1.7 }, 1, 1],
    ['0: not trusted (would stop all work), no limit', { maxConcurrentTasks: 0 }, null, 4],
    ['-3: not trusted, no limit', { maxConcurrentTasks: -3 }, null, 4],
    ['0.5: not trusted, no limit', { maxConcurrentTasks: 0.5 }, null, 4],
    ['Infinity: not a limit', { maxConcurrentTasks: Infinity }, null, 4],
    ['NaN: not a limit', { maxConcurrentTasks: Number.NaN }, null, 4],
  ])('%s', (_name, policy, limit, capacity) => {
    expect(policyTaskLimit(policy)).toBe(limit);
    expect(effectiveCapacity(4, policyTaskLimit(policy))).toBe(capacity);
  });

  it('reads the policy as the reply schema hands it over (unknown fields stripped)', () => {
    const parsed = policySchema.parse({ maxConcurrentTasks: 3, surprise: true });
    expect(policyTaskLimit(parsed)).toBe(3);
  });
});
