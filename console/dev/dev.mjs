#!/usr/bin/env node
// `npm run dev`: the fake KCK (or a real one, KCK_URL) behind Vite's dev server with hot reload.
// Vite proxies the API routes to it, so the page and the API share one origin, as in the jar.
import { createServer } from 'vite';
import { startFake } from './fake-kck.mjs';

const real = process.env.KCK_URL;
let token = process.env.KCK_ADMIN_TOKEN ?? null;
let fake = null;
if (real === undefined) {
  fake = await startFake({ port: Number(process.env.FAKE_PORT ?? 8181) });
  process.env.KCK_URL = fake.url;
  token = fake.token();
  console.log(`fake KCK on ${fake.url} (simulated cluster, changing data)`);
} else {
  console.log(`API proxied to ${real}`);
}

const vite = await createServer({ configFile: new URL('../vite.config.ts', import.meta.url).pathname });
await vite.listen();
const local = vite.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
console.log(`\n  console: ${local}${token === null ? '' : `#token=${token}`}\n`);

const stop = async () => {
  await vite.close();
  await fake?.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
