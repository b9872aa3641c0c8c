import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  external: ['react', '@kck/client'],
  // Hooks and the provider run on the client in React Server Components frameworks.
  banner: { js: "'use client';" },
});
