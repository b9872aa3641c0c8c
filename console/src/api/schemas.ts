/**
 * The shapes of the admin API (API.md "HTTP API", issue 14) and the decoders that check them. Field
 * names are the server's snake_case; the console's types use camelCase. Times arrive as RFC 3339
 * strings and become epoch milliseconds. Counters are cumulative since the cluster's counters began.
 */
import {
  array, boolean, instant, json, nullable, number, object, string, withDefault, type Decoder, type Json,
} from './decode';

export interface ProductStats {
  name: string;
  keys: number;
  hits: number;
  misses: number;
  staleServes: number;
  primerRuns: number;
  primerFailures: number;
  primerP50Ms: number | null;
  primerP99Ms: number | null;
  augmentations: number;
  lastRefresh: number | null;
  nextRefresh: number | null;
}

export interface KeySummary {
  key: string;
  version: number;
  modified: number;
  stale: boolean;
}

export interface KeyPage {
  keys: KeySummary[];
  next: string | null;
}

export interface KeyDetail extends KeySummary {
  freshUntil: number | null;
  expires: number | null;
  dependsOn: string[];
  dependents: string[];
  computedBy: string | null;
  primerMs: number | null;
}

export interface ClaimedRefresh {
  key: string;
  holder: string;
  leaseUntil: number;
}

export interface QueueState {
  depth: number;
  oldestAgeMs: number | null;
  claimed: ClaimedRefresh[];
}

export interface Instance {
  id: string;
  host: string;
  started: number;
  lastSeen: number;
  version: string;
}

export interface WarmResult {
  queued: number;
}

export interface Entry {
  key: string;
  value: Json;
  version: number;
  modified: number;
  stale: boolean;
}

/** What `GET /products` says of a product's policy (public route; the console shows it beside the stats). */
export interface ProductPolicy {
  name: string;
  description: string | null;
  keyTemplate: string | null;
  parameters: { name: string; type: string }[];
  freshFor: string | null;
  ttl: string | null;
  refreshEvery: string | null;
  alwaysFresh: boolean;
}

function renamed<T, S>(decoder: Decoder<S>, map: (source: S) => T): Decoder<T> {
  return (value, path) => map(decoder(value, path));
}

const count = withDefault(number, 0);

export const productStats: Decoder<ProductStats> = renamed(
  object({
    name: string, keys: count, hits: count, misses: count, stale_serves: count, primer_runs: count,
    primer_failures: count, primer_p50_ms: nullable(number), primer_p99_ms: nullable(number),
    augmentations: count, last_refresh: nullable(instant), next_refresh: nullable(instant),
  }),
  (p) => ({
    name: p.name, keys: p.keys, hits: p.hits, misses: p.misses, staleServes: p.stale_serves,
    primerRuns: p.primer_runs, primerFailures: p.primer_failures, primerP50Ms: p.primer_p50_ms,
    primerP99Ms: p.primer_p99_ms, augmentations: p.augmentations, lastRefresh: p.last_refresh,
    nextRefresh: p.next_refresh,
  }),
);

export const productsResponse = renamed(object({ products: array(productStats) }), (r) => r.products);

const keySummaryFields = { key: string, version: number, modified: instant, stale: withDefault(boolean, false) };

export const keyPage: Decoder<KeyPage> = object({
  keys: array(object(keySummaryFields)),
  next: nullable(string),
});

export const keyDetail: Decoder<KeyDetail> = renamed(
  object({
    ...keySummaryFields,
    fresh_until: nullable(instant), expires: nullable(instant),
    depends_on: withDefault(array(string), []), dependents: withDefault(array(string), []),
    computed_by: nullable(string), primer_ms: nullable(number),
  }),
  (k) => ({
    key: k.key, version: k.version, modified: k.modified, stale: k.stale, freshUntil: k.fresh_until,
    expires: k.expires, dependsOn: k.depends_on, dependents: k.dependents, computedBy: k.computed_by,
    primerMs: k.primer_ms,
  }),
);

export const queueState: Decoder<QueueState> = renamed(
  object({
    depth: number,
    oldest_age_ms: nullable(number),
    claimed: withDefault(array(object({ key: string, holder: string, lease_until: instant })), []),
  }),
  (q) => ({
    depth: q.depth,
    oldestAgeMs: q.oldest_age_ms,
    claimed: q.claimed.map((c) => ({ key: c.key, holder: c.holder, leaseUntil: c.lease_until })),
  }),
);

export const instancesResponse: Decoder<Instance[]> = renamed(
  object({
    instances: array(object({ id: string, host: string, started: instant, last_seen: instant, version: string })),
  }),
  (r) => r.instances.map((i) => ({ id: i.id, host: i.host, started: i.started, lastSeen: i.last_seen, version: i.version })),
);

export const warmResult: Decoder<WarmResult> = object({ queued: number });

export const entry: Decoder<Entry> = object({
  key: string, value: json, version: number, modified: instant, stale: withDefault(boolean, false),
});

export const policiesResponse: Decoder<ProductPolicy[]> = renamed(
  object({
    products: array(object({
      name: string,
      description: nullable(string),
      key: nullable(string),
      parameters: withDefault(array(object({ name: string, type: string })), []),
      fresh_for: nullable(string),
      ttl: nullable(string),
      refresh_every: nullable(string),
      always_fresh: withDefault(boolean, false),
    })),
  }),
  (r) => r.products.map((p) => ({
    name: p.name, description: p.description, keyTemplate: p.key, parameters: p.parameters,
    freshFor: p.fresh_for, ttl: p.ttl, refreshEvery: p.refresh_every, alwaysFresh: p.always_fresh,
  })),
);
