import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@kck/source'] },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
