import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Specs import the package by its published names; they resolve to the sources, so no build is needed to test.
const alias = {
  'cluster-chaos/vitest': fileURLToPath(new URL('./src/vitest/index.ts', import.meta.url)),
  'cluster-chaos': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
};

// Two groups, run one after the other: pure and socket-level specs in parallel, then the chaos specs (real
// clusters) one file at a time, so that on a 2-core machine no cluster's timing is disturbed by another's.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['specs/**/*.test.ts'],
          exclude: ['specs/**/*.chaos.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'chaos',
          include: ['specs/**/*.chaos.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 30_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
