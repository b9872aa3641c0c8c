import type { KckClient } from './client.js';
import type { KckProblem } from './problem.js';
import type { Entry } from './types.js';

/**
 * Entries fetched ahead (on a server, for server rendering), by the key they were asked with. Plain
 * JSON: send it to the browser inside the page, and hand it to `<KckProvider snapshot={...}>`.
 */
export interface Snapshot {
  readonly entries: Readonly<Record<string, Entry>>;
}

/** What `prefetch` resolves to: the snapshot, and the problems of the keys that could not be fetched. */
export interface Prefetched {
  readonly snapshot: Snapshot;
  /** By key, for the page to decide (a 404 page, a login redirect); not part of the snapshot. */
  readonly problems: Readonly<Record<string, KckProblem>>;
}

/** Fetches `keys` in one batch (`POST /fetch`) into a {@link Snapshot}. */
export async function prefetch(client: KckClient, keys: readonly string[]): Promise<Prefetched> {
  const entries: Record<string, Entry> = {};
  const problems: Record<string, KckProblem> = {};
  for (const result of await client.fetchMany([...new Set(keys)])) {
    if (result.entry) entries[result.key] = result.entry;
    else problems[result.key] = result.problem;
  }
  return { snapshot: { entries }, problems };
}
