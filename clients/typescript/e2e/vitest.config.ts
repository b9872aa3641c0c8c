import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: dirname(fileURLToPath(import.meta.url)),
    include: ['*.e2e.ts'],
    environment: 'node',
    // One KCK, one dev server and one browser for the whole run, tests in the order they are written.
    fileParallelism: false,
    hookTimeout: 300_000,
    testTimeout: 60_000,
  },
});
