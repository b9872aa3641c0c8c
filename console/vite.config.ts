import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by KCK at /admin/ from the jar, so the build goes into the Java resources
// with relative asset URLs (no CDN, no absolute paths). CONSOLE_OUT_DIR lets check-built build elsewhere.
const outDir = process.env.CONSOLE_OUT_DIR ?? fileURLToPath(new URL('../src/main/resources/admin', import.meta.url));

// In development the API lives on another origin (the fake, or a real KCK in KCK_URL); Vite
// proxies the API routes to it so the page and the API share one origin, as they do in the jar.
const apiTarget = process.env.KCK_URL ?? 'http://127.0.0.1:8181';
const apiRoutes = ['/admin/products', '/admin/keys', '/admin/queue', '/admin/instances', '/admin/warm',
  '/fetch', '/cache', '/refresh', '/products'];

export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiRoutes.map((route) => [route, { target: apiTarget, changeOrigin: true }])),
  },
});
