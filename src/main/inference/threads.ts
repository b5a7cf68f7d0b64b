import os from 'node:os';

/**
 * llama.cpp threads for this machine: the real core count (node-llama-cpp's own default of at least
 * 4 is hundreds of times slower on a 2-core machine). An explicit setting wins.
 */
export function defaultInferenceThreads(configured?: number): number {
  if (configured !== undefined && Number.isInteger(configured) && configured > 0) return configured;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores);
}
