import { defineConfig } from 'vitest/config';

// Each test file runs in its own child process: noble and bleno are process singletons that leak
// timers and signal listeners, and the inference host tests spawn native processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 5_000,
  },
});
