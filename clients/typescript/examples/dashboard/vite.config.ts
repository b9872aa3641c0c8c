import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { devToken } from './dev-token.ts';

// The KCK to talk to, and where its jar and config live (the repository root by default).
const home = resolve(process.env.KCK_HOME ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../..'));
const target = process.env.KCK_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [
    react(),
    devToken({
      home,
      jar: process.env.KCK_JAR ?? resolve(home, 'target/kck.jar'),
      ...(process.env.KCK_CONFIG ? { config: process.env.KCK_CONFIG } : {}),
      subject: process.env.KCK_SUB ?? 'alice',
      scope: process.env.KCK_SCOPE ?? 'sales:read sales:write',
    }),
  ],
  // The packages' TypeScript sources, so the example needs no build and picks up library edits at once.
  resolve: { conditions: ['@kck/source'] },
  // Known up front, so the first page load does not stop to optimise a dependency found late and reload.
  optimizeDeps: { include: ['react', 'react/jsx-dev-runtime', 'react-dom/client', 'eventsource-parser'] },
  server: {
    port: Number(process.env.PORT ?? 5173),
    // Same origin for the page: KCK needs no CORS, and the token stays in the Authorization header.
    proxy: Object.fromEntries(['/fetch', '/update', '/subscribe', '/products'].map((path) => [path, { target, changeOrigin: true }])),
  },
});
