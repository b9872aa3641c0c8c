#!/usr/bin/env node
// A development stand-in for KCK: the admin API, /fetch, /cache, /refresh and /products with the
// shapes of API.md and issue 14, over a simulated cluster of three instances whose traffic, primer
// runs and refresh queue keep moving. It also serves the built console at /admin/ (as KCK does from
// the jar), so the browser test can run against it. Tokens are HS256 JWTs it signs itself.
//
//   node dev/fake-kck.mjs            # http://127.0.0.1:8181, prints a console URL with a token
//   FAKE_PORT=9000 node dev/fake-kck.mjs
//
// Nothing here is KCK: it is for working on the console without a JDK, a database or a cluster.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_CONSOLE_DIR = resolve(HERE, '../../src/main/resources/admin');
const PROBLEM_BASE = 'https://kck.dev/problems/';

// ---------------------------------------------------------------------------------------------
// Keys: the same canonical form as KCK's KeySegments (RFC 3986 path-segment set left as is).

const SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

export function encodeSegment(value) {
  let out = '';
  for (const char of value) {
    if (SAFE.test(char)) {
      out += char;
    } else {
      for (const byte of Buffer.from(char, 'utf8')) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
  }
  return out;
}

function decodeSegment(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpProblem(400, 'Bad request', 'bad-request', `bad percent-encoding in key segment '${raw}'`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

function base64url(data) {
  return Buffer.from(data).toString('base64url');
}

export function signToken(secret, claims) {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'fake' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function verifyToken(secret, token, now) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new HttpProblem(401, 'Unauthorized', 'unauthorized', 'the token is not a JWT');
  }
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpProblem(401, 'Unauthorized', 'unauthorized', 'the token signature does not verify');
  }
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) {
    throw new HttpProblem(401, 'Unauthorized', 'unauthorized', 'the token has expired');
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/) : [];
  return { sub: claims.sub ?? null, scopes };
}

class HttpProblem extends Error {
  constructor(status, title, slug, detail, extra = {}) {
    super(detail);
    this.status = status;
    this.body = { type: PROBLEM_BASE + slug, title, status, detail, ...extra };
  }
}

// ---------------------------------------------------------------------------------------------
// The demo products (config/products), with the policies the real files declare.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CITIES = ['Amsterdam', 'Berlin', 'Copenhagen', 'Dublin', 'Lisbon', 'Madrid', 'Paris', 'Prague', 'Rome', 'Vienna'];
const CATEGORIES = ['Books', 'Clothing', 'Electronics', 'Garden', 'Grocery', 'Home', 'Sports', 'Toys'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];

const PRODUCTS = [
  {
    name: 'store', description: 'One store of the demo retail chain (name, city, opening date); 404 for an unknown id.',
    parameters: [{ name: 'store_id', type: 'int' }], freshFor: 10 * MINUTE, ttl: DAY, access: 'public',
    primerMs: 3, weight: 30, bootKeys: () => range(1, 50).map((id) => [String(id)]),
    coldKey: (random) => [String(51 + Math.floor(random() * 10))],
  },
  {
    name: 'category_products', description: 'The products of one category, by id.',
    parameters: [{ name: 'category', type: 'string' }], freshFor: 10 * MINUTE, ttl: DAY, access: 'public',
    primerMs: 14, weight: 12, bootKeys: () => CATEGORIES.map((c) => [c]),
  },
  {
    name: 'product_price', description: 'The current price of one product.',
    parameters: [{ name: 'product_id', type: 'int' }], freshFor: MINUTE, ttl: HOUR, access: 'authenticated',
    primerMs: 2, weight: 40, bootKeys: () => range(1, 320).map((id) => [String(id)]),
    coldKey: (random) => [String(321 + Math.floor(random() * 180))],
  },
  {
    name: 'city_store_ids', description: 'The ids of the stores in one city, in ascending order.',
    parameters: [{ name: 'city', type: 'string' }], freshFor: HOUR, ttl: DAY, access: 'authenticated',
    primerMs: 4, weight: 6, bootKeys: () => [...CITIES, 'São Paulo'].map((c) => [c]),
  },
  {
    name: 'sales_summary', description: 'Sales totals per store over the whole year of sales (1M rows). The demo\'s slow aggregate.',
    parameters: [], freshFor: MINUTE, ttl: HOUR, staleIfError: HOUR, access: { scopes: ['sales:read'] },
    primerMs: 420, weight: 8, failureRate: 0.04, bootKeys: () => [[]],
  },
  {
    name: 'sales_totals', description: 'Number and total amount of all sales; record_sale is added in place (augmentation).',
    parameters: [], freshFor: null, ttl: null, refreshEvery: 10 * MINUTE, access: { scopes: ['sales:read'] },
    primerMs: 260, weight: 10, augments: true, bootKeys: () => [[]],
  },
  {
    name: 'store_daily_sales', description: 'Number and total amount of one store\'s sales on one day (UTC).',
    parameters: [{ name: 'store_id', type: 'int' }, { name: 'day', type: 'date' }], freshFor: MINUTE, ttl: DAY,
    access: { scopes: ['sales:read'] }, primerMs: 9, weight: 14, bootKeys: null,
    coldKey: (random) => [String(25 + Math.floor(random() * 26)), `2025-03-${String(12 + Math.floor(random() * 10)).padStart(2, '0')}`],
  },
  {
    name: 'my_purchases', description: 'The caller\'s 20 latest purchases, newest first.',
    parameters: [{ name: 'username', type: 'string', claim: 'sub' }], freshFor: 30_000, ttl: HOUR, access: 'authenticated',
    primerMs: 6, weight: 9, bootKeys: () => USERS.map((u) => [u]),
    coldKey: (random) => [`customer${100 + Math.floor(random() * 400)}`],
  },
];

const BY_NAME = new Map(PRODUCTS.map((p) => [p.name, p]));

function range(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function durationText(ms) {
  if (ms === null || ms === undefined) {
    return undefined;
  }
  for (const [size, unit] of [[DAY, 'd'], [HOUR, 'h'], [MINUTE, 'm'], [1000, 's']]) {
    if (ms % size === 0) {
      return `${ms / size}${unit}`;
    }
  }
  return `${ms}ms`;
}

function canonicalValue(type, raw, name) {
  switch (type) {
    case 'int':
      if (!/^-?\d+$/.test(raw)) {
        throw new HttpProblem(400, 'Bad request', 'bad-request', `parameter '${name}': expected an int, got '${raw}'`, { parameter: name });
      }
      return String(Number(raw));
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) {
        throw new HttpProblem(400, 'Bad request', 'bad-request', `parameter '${name}': expected a date, got '${raw}'`, { parameter: name });
      }
      return raw;
    default:
      return raw;
  }
}

/** Raw key text (as in a URL path) to { product, values, key } with the canonical key text. */
function parseKey(raw) {
  const segments = raw.split('/').map(decodeSegment);
  const [name, ...values] = segments;
  const product = BY_NAME.get(name);
  if (product === undefined) {
    throw new HttpProblem(404, 'Not found', 'not-found', `no product named '${name}'`);
  }
  if (values.length !== product.parameters.length) {
    throw new HttpProblem(400, 'Bad request', 'bad-request',
      `${name} takes ${product.parameters.length} parameter${product.parameters.length === 1 ? '' : 's'}, got ${values.length}`);
  }
  const canonical = values.map((value, i) => canonicalValue(product.parameters[i].type, value, product.parameters[i].name));
  return { product, values: canonical, key: [name, ...canonical].map(encodeSegment).join('/') };
}

// ---------------------------------------------------------------------------------------------
// Values the primers "compute"

function seeded(text) {
  let h = 2166136261;
  for (const char of text) {
    h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h >>>= 0) % 100000) / 100000;
  };
}

function computeValue(product, values, version) {
  const random = seeded(`${product.name}/${values.join('/')}/${version}`);
  const money = (scale) => Math.round(random() * scale * 100) / 100;
  switch (product.name) {
    case 'store': {
      const id = Number(values[0]);
      const city = CITIES[(id - 1) % 10];
      return { id, name: `${city} ${['Central', 'Station', 'Harbour', 'Market', 'Park'][Math.floor((id - 1) / 10) % 5]}`, city, opened_on: `20${10 + (id % 14)}-0${1 + (id % 9)}-1${id % 9}` };
    }
    case 'category_products':
      return range(1, 12).map((i) => ({ id: i * 8 + CATEGORIES.indexOf(values[0]), sku: `${values[0].slice(0, 3).toUpperCase()}-${1000 + i}`, name: `${values[0]} item ${i}`, price: money(120) }));
    case 'product_price':
      return money(250);
    case 'city_store_ids': {
      const index = CITIES.indexOf(values[0]);
      return index < 0 ? [] : [1, 11, 21, 31, 41].map((id) => id + index);
    }
    case 'sales_summary':
      return range(1, 50).map((id) => {
        const sales = 18_000 + Math.floor(random() * 4000);
        const total = money(1) * 0 + Math.round(sales * (40 + random() * 30) * 100) / 100;
        return { store_id: id, store_name: `${CITIES[(id - 1) % 10]} store ${id}`, sales, total_amount: total, average_amount: Math.round((total / sales) * 100) / 100 };
      }).sort((a, b) => b.total_amount - a.total_amount);
    case 'sales_totals':
      return { sales: 1_000_000 + version * 7, total_amount: Math.round((54_812_345.5 + version * 412.9) * 100) / 100 };
    case 'store_daily_sales':
      return { store_id: Number(values[0]), day: values[1], sales: Math.floor(random() * 90), total_amount: money(6000) };
    case 'my_purchases':
      return range(1, 4 + Math.floor(random() * 6)).map((i) => ({
        sale_id: 900_000 + Math.floor(random() * 99_999), sold_at: new Date(Date.UTC(2025, 11, 28 - i, 10 + i)).toISOString(),
        store_name: `${CITIES[i % 10]} Central`, product_name: `${CATEGORIES[i % 8]} item ${i}`, quantity: 1 + (i % 3), amount: money(90),
      }));
    default:
      return null;
  }
}

function dependsOnFor(product, values) {
  if (product.name === 'store_daily_sales') {
    return [`store/${values[0]}`];
  }
  if (product.name === 'city_store_ids') {
    const index = CITIES.indexOf(values[0]);
    return index < 0 ? [] : [1, 11, 21, 31, 41].map((id) => `store/${id + index}`);
  }
  if (product.name === 'sales_summary') {
    return ['sales_totals'];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// The simulated cluster

const INSTANCES = [
  { id: 'kck-0', host: 'kck-0.kck.internal:8080' },
  { id: 'kck-1', host: 'kck-1.kck.internal:8080' },
  { id: 'kck-2', host: 'kck-2.kck.internal:8080' },
];

function lognormal(random, median) {
  const u = Math.max(1e-9, random());
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(0.05, median * Math.exp(0.45 * z));
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 100) / 100;
}

export class Cluster {
  constructor(now = Date.now()) {
    this.random = seeded('kck-fake');
    this.versions = new Map();
    this.entries = new Map();
    this.entriesVersion = 0;
    this.keyIndex = new Map();
    this.keyIndexVersion = -1;
    this.queue = new Map();
    this.claims = new Map();
    this.stats = new Map(PRODUCTS.map((p) => [p.name, { hits: 0, misses: 0, stale: 0, runs: 0, failures: 0, augments: 0, times: [] }]));
    this.started = now;
    this.instances = INSTANCES.map((instance, i) => ({ ...instance, started: now - (3 * HOUR + i * 47 * MINUTE), lastSeen: now, version: '1.4.0' }));
    this.lastTick = now;
    this.burstAt = now + 20_000;
    this.seed(now);
  }

  seed(now) {
    for (const product of PRODUCTS) {
      const rows = product.name === 'store_daily_sales'
        ? range(1, 24).flatMap((store) => ['2025-03-12', '2025-03-13', '2025-03-14', '2025-03-15', '2025-03-16', '2025-03-17', '2025-03-18', '2025-03-19', '2025-03-20', '2025-03-21']
          .map((day) => [String(store), day]))
        : product.bootKeys();
      for (const values of rows) {
        const age = this.random() * (product.freshFor ?? 10 * MINUTE) * 1.3;
        this.store(product, values, now - age, lognormal(this.random, product.primerMs), this.pickInstance());
      }
      const stats = this.stats.get(product.name);
      const traffic = product.weight * 2500;
      stats.hits = Math.floor(traffic * (0.9 + this.random() * 0.09));
      stats.misses = traffic - stats.hits;
      stats.stale = Math.floor(stats.hits * 0.02);
      stats.runs = stats.misses + Math.floor(stats.misses * 0.3);
      stats.failures = product.failureRate ? 3 : 0;
      stats.augments = product.augments ? 1840 : 0;
      for (let i = 0; i < 120; i++) {
        stats.times.push(lognormal(this.random, product.primerMs));
      }
    }
  }

  pickInstance() {
    return INSTANCES[Math.floor(this.random() * INSTANCES.length)].id;
  }

  store(product, values, at, primerMs, computedBy) {
    const key = [product.name, ...values].map(encodeSegment).join('/');
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    if (!this.entries.has(key)) {
      this.entriesVersion += 1;
    }
    this.entries.set(key, {
      key, product: product.name, values, version, modified: at, primerMs, computedBy,
      freshUntil: product.freshFor == null ? null : at + product.freshFor,
      expires: product.ttl == null ? null : at + product.ttl,
      value: computeValue(product, values, version),
      dependsOn: dependsOnFor(product, values),
    });
    return this.entries.get(key);
  }

  dependents(key) {
    const out = [];
    for (const entry of this.entries.values()) {
      if (entry.dependsOn.includes(key)) {
        out.push(entry.key);
      }
    }
    return out.sort();
  }

  recordRun(product, ms, failed = false) {
    const stats = this.stats.get(product.name);
    stats.runs += 1;
    if (failed) {
      stats.failures += 1;
    }
    stats.times.push(ms);
    if (stats.times.length > 200) {
      stats.times.shift();
    }
  }

  /** A fetch as a client would make it: hit, stale hit (queues a refresh) or miss (computes). */
  fetch(parsed, now) {
    const stats = this.stats.get(parsed.product.name);
    let entry = this.entries.get(parsed.key);
    if (entry !== undefined && entry.expires !== null && now >= entry.expires) {
      this.invalidate(parsed.key);
      entry = undefined;
    }
    if (entry === undefined) {
      stats.misses += 1;
      const ms = lognormal(this.random, parsed.product.primerMs);
      this.recordRun(parsed.product, ms);
      return { entry: this.store(parsed.product, parsed.values, now, ms, this.pickInstance()), status: 'fwd=miss' };
    }
    stats.hits += 1;
    if (entry.freshUntil !== null && now >= entry.freshUntil) {
      stats.stale += 1;
      this.request(entry.key, now);
      return { entry, status: 'hit; fwd=stale' };
    }
    return { entry, status: 'hit' };
  }

  request(key, now) {
    const existing = this.queue.get(key);
    this.queue.set(key, { key, since: existing?.since ?? now, demand: (existing?.demand ?? 0) + 1 });
  }

  /** Drops the key, and (a simplification of the fake) any refresh of it still waiting. */
  invalidate(key) {
    if (this.entries.delete(key)) {
      this.entriesVersion += 1;
    }
    if (!this.claims.has(key)) {
      this.queue.delete(key);
    }
  }

  /** Moves the simulation forward: traffic, scheduled bursts, workers claiming and finishing. */
  tick(now) {
    const elapsed = Math.min(5000, now - this.lastTick);
    this.lastTick = now;
    for (const instance of this.instances) {
      instance.lastSeen = now - Math.floor(this.random() * 1500);
    }
    const wave = 1 + 0.6 * Math.sin(now / 23_000) + 0.25 * Math.sin(now / 5_100);
    const fetches = Math.round((elapsed / 1000) * 45 * wave);
    for (let i = 0; i < fetches; i++) {
      this.simulateFetch(now);
    }
    if (now >= this.burstAt) {
      this.burst(now);
      this.burstAt = now + 25_000 + this.random() * 20_000;
    }
    this.work(now);
  }

  /**
   * One simulated client fetch. Clients mostly ask for keys that are cached (hits, and stale hits that
   * queue a refresh); misses come from each product's pool of cold keys, never cached at start. So a
   * key an operator invalidates stays gone until someone fetches or refreshes it, as the e2e expects.
   */
  simulateFetch(now) {
    const total = PRODUCTS.reduce((sum, p) => sum + p.weight, 0);
    let pick = this.random() * total;
    const product = PRODUCTS.find((p) => (pick -= p.weight) < 0) ?? PRODUCTS[0];
    if (product.augments && this.random() < 0.3) {
      this.augment(product, now);
    }
    const cold = this.random() < 0.06 ? product.coldKey?.(this.random) : undefined;
    if (cold !== undefined) {
      this.fetch({ product, values: cold, key: [product.name, ...cold].map(encodeSegment).join('/') }, now);
      return;
    }
    const cached = this.keysOf(product.name);
    const key = cached[Math.floor(this.random() * cached.length)];
    if (key !== undefined) {
      const entry = this.entries.get(key);
      this.fetch({ product, values: entry.values, key }, now);
    }
  }

  keysOf(name) {
    let keys = this.keyIndex.get(name);
    if (keys === undefined || this.keyIndexVersion !== this.entriesVersion) {
      this.keyIndex = new Map();
      for (const entry of this.entries.values()) {
        const list = this.keyIndex.get(entry.product) ?? [];
        list.push(entry.key);
        this.keyIndex.set(entry.product, list);
      }
      this.keyIndexVersion = this.entriesVersion;
      keys = this.keyIndex.get(name);
    }
    return keys ?? [];
  }

  augment(product, now) {
    const entry = this.entries.get(product.name);
    if (entry !== undefined) {
      this.stats.get(product.name).augments += 1;
      entry.version += 1;
      this.versions.set(entry.key, entry.version);
      entry.modified = now;
      entry.value = computeValue(product, [], entry.version);
    }
  }

  /** An update's fan-out: a batch of refreshes lands at once, so the queue depth chart has shape. */
  burst(now) {
    const keys = [...this.entries.keys()].filter((key) => key.startsWith('product_price/') || key.startsWith('store_daily_sales/'));
    for (let i = 0; i < 40 + Math.floor(this.random() * 60) && keys.length > 0; i++) {
      this.request(keys[Math.floor(this.random() * keys.length)], now - Math.floor(this.random() * 3000));
    }
  }

  work(now) {
    for (const [key, claim] of this.claims) {
      if (now >= claim.doneAt) {
        this.claims.delete(key);
        this.queue.delete(key);
        const parsed = parseKey(key);
        const failed = parsed.product.failureRate !== undefined && this.random() < parsed.product.failureRate;
        this.recordRun(parsed.product, claim.ms, failed);
        if (!failed) {
          this.store(parsed.product, parsed.values, now, claim.ms, claim.holder);
        }
      }
    }
    const perInstance = 4;
    const waiting = [...this.queue.values()].filter((item) => !this.claims.has(item.key)).sort((a, b) => b.demand - a.demand || a.since - b.since);
    for (const instance of INSTANCES) {
      let held = [...this.claims.values()].filter((claim) => claim.holder === instance.id).length;
      while (held < perInstance && waiting.length > 0 && this.random() < 0.7) {
        const item = waiting.shift();
        const product = BY_NAME.get(item.key.split('/')[0]);
        // The claim lasts longer than the primer run (waiting for a worker, writing back), so it is visible.
        const ms = lognormal(this.random, product.primerMs);
        this.claims.set(item.key, { key: item.key, holder: instance.id, claimedAt: now, doneAt: now + ms + 400 + this.random() * 2500, ms, leaseUntil: now + 30_000 });
        held += 1;
      }
    }
  }

  productStats(now) {
    return PRODUCTS.map((product) => {
      const stats = this.stats.get(product.name);
      const sorted = [...stats.times].sort((a, b) => a - b);
      const keys = [...this.entries.values()].filter((entry) => entry.product === product.name).length;
      const every = product.refreshEvery ?? null;
      const last = every === null ? null : this.started - 3 * MINUTE + Math.floor((now - this.started + 3 * MINUTE) / every) * every;
      return {
        name: product.name, keys, hits: stats.hits, misses: stats.misses, stale_serves: stats.stale, primer_runs: stats.runs,
        primer_failures: stats.failures, primer_p50_ms: percentile(sorted, 50), primer_p99_ms: percentile(sorted, 99),
        augmentations: stats.augments,
        last_refresh: last === null ? null : new Date(last).toISOString(),
        next_refresh: last === null ? null : new Date(last + every).toISOString(),
      };
    });
  }

  queueState(now) {
    const waiting = [...this.queue.values()];
    const oldest = waiting.reduce((min, item) => Math.min(min, item.since), Number.POSITIVE_INFINITY);
    return {
      depth: waiting.length,
      oldest_age_ms: waiting.length === 0 ? null : now - oldest,
      claimed: [...this.claims.values()].sort((a, b) => a.claimedAt - b.claimedAt)
        .map((claim) => ({ key: claim.key, holder: claim.holder, lease_until: new Date(claim.leaseUntil).toISOString() })),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' };

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

function sendProblem(res, problem) {
  const text = JSON.stringify(problem.body);
  const headers = { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(text) };
  if (problem.status === 401) {
    headers['WWW-Authenticate'] = 'Bearer error="invalid_token"';
  }
  res.writeHead(problem.status, headers);
  res.end(text);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'Bad request', 'bad-request', 'the body is not JSON');
  }
}

async function serveConsole(res, consoleDir, path) {
  const relative = path === '/admin/' ? 'index.html' : path.slice('/admin/'.length);
  const file = normalize(join(consoleDir, relative));
  if (!file.startsWith(consoleDir)) {
    throw new HttpProblem(404, 'Not found', 'not-found', 'no such file');
  }
  try {
    if (!(await stat(file)).isFile()) {
      throw new Error('not a file');
    }
  } catch {
    throw new HttpProblem(404, 'Not found', 'not-found', relative === 'index.html' ? `no console built in ${consoleDir} (npm run build)` : `no such file: ${relative}`);
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  });
  res.end(body);
}

export async function startFake({ port = 8181, host = '127.0.0.1', consoleDir = DEFAULT_CONSOLE_DIR, secret = 'fake-kck-development-secret-not-for-production', tickMs = 250, log = () => {} } = {}) {
  const cluster = new Cluster();
  const ticker = setInterval(() => cluster.tick(Date.now()), tickMs);
  const root = resolve(consoleDir);

  const authenticate = (req, { admin }) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      if (admin) {
        throw new HttpProblem(401, 'Unauthorized', 'unauthorized', 'a bearer token is required');
      }
      return null;
    }
    const match = /^Bearer (.+)$/.exec(header);
    if (match === null) {
      throw new HttpProblem(401, 'Unauthorized', 'unauthorized', 'the Authorization header is not a bearer token');
    }
    const principal = verifyToken(secret, match[1], Date.now());
    if (admin && !principal.scopes.includes('kck:admin')) {
      throw new HttpProblem(403, 'Forbidden', 'forbidden', 'this route needs the scope kck:admin');
    }
    return principal;
  };

  const routes = async (req, res, url) => {
    const path = url.pathname;
    const now = Date.now();
    const method = req.method ?? 'GET';
    if (path === '/admin' && method === 'GET') {
      res.writeHead(308, { Location: `/admin/${url.search}` });
      res.end();
      return;
    }
    if (path.startsWith('/admin/') && method === 'GET' && (path === '/admin/' || path.startsWith('/admin/assets/') || path === '/admin/favicon.svg')) {
      await serveConsole(res, root, path);
      return;
    }
    if (path === '/admin/products' && method === 'GET') {
      authenticate(req, { admin: true });
      send(res, 200, { products: cluster.productStats(now) });
      return;
    }
    if (path === '/admin/keys' && method === 'GET') {
      authenticate(req, { admin: true });
      const name = url.searchParams.get('product');
      if (name === null || !BY_NAME.has(name)) {
        throw new HttpProblem(name === null ? 400 : 404, name === null ? 'Bad request' : 'Not found', name === null ? 'bad-request' : 'not-found',
          name === null ? 'the query parameter product is required' : `no product named '${name}'`, name === null ? { parameter: 'product' } : {});
      }
      const limitText = url.searchParams.get('limit') ?? '100';
      const limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new HttpProblem(400, 'Bad request', 'bad-request', `limit must be an integer from 1 to 1000, got '${limitText}'`, { parameter: 'limit' });
      }
      const after = url.searchParams.get('after');
      const afterKey = after === null ? null : Buffer.from(after, 'base64url').toString('utf8');
      const keys = [...cluster.entries.values()].filter((entry) => entry.product === name).map((entry) => entry.key).sort()
        .filter((key) => afterKey === null || key > afterKey);
      const page = keys.slice(0, limit).map((key) => {
        const entry = cluster.entries.get(key);
        return { key, version: entry.version, modified: new Date(entry.modified).toISOString(), stale: entry.freshUntil !== null && now >= entry.freshUntil };
      });
      send(res, 200, { keys: page, next: keys.length > limit ? base64url(page[page.length - 1].key) : null });
      return;
    }
    if (path.startsWith('/admin/keys/') && method === 'GET') {
      authenticate(req, { admin: true });
      const parsed = parseKey(path.slice('/admin/keys/'.length));
      const entry = cluster.entries.get(parsed.key);
      if (entry === undefined) {
        throw new HttpProblem(404, 'Not found', 'not-cached', `${parsed.key} is not cached`, { key: parsed.key });
      }
      send(res, 200, {
        key: entry.key, version: entry.version, modified: new Date(entry.modified).toISOString(),
        stale: entry.freshUntil !== null && now >= entry.freshUntil,
        fresh_until: entry.freshUntil === null ? null : new Date(entry.freshUntil).toISOString(),
        expires: entry.expires === null ? null : new Date(entry.expires).toISOString(),
        depends_on: entry.dependsOn, dependents: cluster.dependents(entry.key),
        computed_by: entry.computedBy, primer_ms: Math.round(entry.primerMs * 100) / 100,
      });
      return;
    }
    if (path === '/admin/queue' && method === 'GET') {
      authenticate(req, { admin: true });
      send(res, 200, cluster.queueState(now));
      return;
    }
    if (path === '/admin/instances' && method === 'GET') {
      authenticate(req, { admin: true });
      send(res, 200, {
        instances: cluster.instances.map((i) => ({ id: i.id, host: i.host, started: new Date(i.started).toISOString(), last_seen: new Date(i.lastSeen).toISOString(), version: i.version })),
      });
      return;
    }
    if (path.startsWith('/admin/warm/') && method === 'POST') {
      authenticate(req, { admin: true });
      const name = decodeSegment(path.slice('/admin/warm/'.length));
      const product = BY_NAME.get(name);
      if (product === undefined) {
        throw new HttpProblem(404, 'Not found', 'not-found', `no product named '${name}'`);
      }
      const body = await readJson(req);
      let rows;
      if (body === undefined) {
        if (product.bootKeys === null) {
          throw new HttpProblem(400, 'Bad request', 'bad-request', `${name} has no on_boot_sql: send parameter rows`);
        }
        rows = product.bootKeys();
      } else {
        const list = Array.isArray(body) ? body : [body];
        rows = list.map((row) => product.parameters.map((p) => {
          if (typeof row !== 'object' || row === null || row[p.name] === undefined) {
            throw new HttpProblem(400, 'Bad request', 'bad-request', `a row lacks parameter '${p.name}'`, { parameter: p.name });
          }
          return canonicalValue(p.type, String(row[p.name]), p.name);
        }));
      }
      for (const values of rows) {
        cluster.request([name, ...values].map(encodeSegment).join('/'), now);
      }
      send(res, 202, { product: name, queued: rows.length });
      return;
    }
    if (path.startsWith('/cache/') && method === 'DELETE') {
      authenticate(req, { admin: true });
      const parsed = parseKey(path.slice('/cache/'.length));
      cluster.invalidate(parsed.key);
      send(res, 204);
      return;
    }
    if (path.startsWith('/refresh/') && method === 'POST') {
      authenticate(req, { admin: true });
      const parsed = parseKey(path.slice('/refresh/'.length));
      cluster.request(parsed.key, now);
      send(res, 202, { key: parsed.key, queued: true });
      return;
    }
    if (path.startsWith('/fetch/') && (method === 'GET' || method === 'HEAD')) {
      const principal = authenticate(req, { admin: false });
      const parsed = parseKey(path.slice('/fetch/'.length));
      if (parsed.product.access !== 'public' && principal === null) {
        throw new HttpProblem(401, 'Unauthorized', 'unauthorized', 'a bearer token is required');
      }
      const needed = typeof parsed.product.access === 'object' ? parsed.product.access.scopes : [];
      if (needed.length > 0 && principal !== null && !needed.some((scope) => principal.scopes.includes(scope))) {
        throw new HttpProblem(403, 'Forbidden', 'forbidden', `${parsed.product.name} needs one of the scopes ${needed.join(', ')}`);
      }
      const { entry, status } = cluster.fetch(parsed, now);
      const ttl = entry.freshUntil === null ? null : Math.round((entry.freshUntil - now) / 1000);
      send(res, 200, { key: entry.key, value: entry.value, version: entry.version, modified: new Date(entry.modified).toISOString(), stale: status.includes('stale') }, {
        ETag: `"${entry.version}"`,
        'Last-Modified': new Date(entry.modified).toUTCString(),
        'Cache-Status': `kck; ${status}${ttl === null ? '' : `; ttl=${ttl}`}`,
        'Cache-Control': `${parsed.product.access === 'public' ? 'public' : 'private'}, max-age=${Math.max(0, ttl ?? 0)}`,
      });
      return;
    }
    if (path === '/products' && method === 'GET') {
      authenticate(req, { admin: false });
      send(res, 200, {
        products: PRODUCTS.map((p) => ({
          name: p.name, description: p.description, key: [p.name, ...p.parameters.map((q) => `{${q.name}}`)].join('/'),
          parameters: p.parameters.map(({ name, type, claim }) => (claim === undefined ? { name, type } : { name, type, claim })),
          fresh_for: durationText(p.freshFor), ttl: durationText(p.ttl), stale_if_error: durationText(p.staleIfError),
          refresh_every: durationText(p.refreshEvery), always_fresh: false, access: p.access,
        })),
      });
      return;
    }
    if (path === '/health/ready' || path === '/health/live') {
      send(res, 200, { status: 'UP' });
      return;
    }
    throw new HttpProblem(404, 'Not found', 'not-found', `no route ${method} ${path}`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    routes(req, res, url).then(
      () => log(`${req.method} ${url.pathname} ${res.statusCode}`),
      (error) => {
        if (error instanceof HttpProblem) {
          sendProblem(res, error);
        } else {
          console.error(error);
          sendProblem(res, new HttpProblem(500, 'Internal server error', 'internal', 'the fake failed; see its log'));
        }
        log(`${req.method} ${url.pathname} ${res.statusCode}`);
      },
    );
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolveListen);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  return {
    url,
    cluster,
    token: ({ sub = 'ops', scope = 'kck:admin sales:read', ttlSeconds = 8 * 3600 } = {}) =>
      signToken(secret, { sub, scope, iss: 'kck', aud: 'kck', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + ttlSeconds }),
    close: () => new Promise((resolveClose) => {
      clearInterval(ticker);
      server.closeAllConnections?.();
      server.close(() => resolveClose());
    }),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.FAKE_PORT ?? 8181);
  const fake = await startFake({ port, log: process.env.FAKE_LOG === '1' ? console.log : () => {} });
  const token = fake.token();
  console.log(`fake KCK on ${fake.url}`);
  console.log(`  console (built):  ${fake.url}/admin#token=${token}`);
  console.log(`  admin token:      ${token}`);
  console.log(`  without kck:admin: ${fake.token({ sub: 'alice', scope: 'sales:read' })}`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
