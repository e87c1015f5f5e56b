// Runs the scenario files: tests that fail or time out on purpose, started by the chaos specs in a child vitest.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.scenario.ts'],
    testTimeout: 3000,
  },
});
