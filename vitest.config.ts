import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage suites open real databases; keep files in separate workers but few at a time on 2 cores.
    maxWorkers: 2,
  },
});
