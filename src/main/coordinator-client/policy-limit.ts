import type { CoordinatorPolicy } from './coordinator-schemas.js';

/**
 * What a coordinator's policy (in a register or heartbeat reply) may do to this worker's task limit.
 * Only replies that carry a policy count: a reply without one keeps the last limit (the session does
 * not report it). A policy is trusted to lower the limit, never to break the worker: a whole number
 * of at least 1 is the coordinator's maximum (a fraction is rounded down); a policy without the field,
 * or with zero, a negative, a fraction below 1 or a non-finite number, sets no limit (null), and the
 * local setting alone applies. The gate then takes the smaller of the setting and this limit.
 */
export function policyTaskLimit(policy: CoordinatorPolicy): number | null {
  const max = policy.maxConcurrentTasks;
  if (max === undefined || !Number.isFinite(max) || max < 1) return null;
  return Math.floor(max);
}
