import { discard, type Http } from './http.js';
import { keyPath } from './key.js';
import { KckProblem, isProblemDocument } from './problem.js';
import type { Entry } from './types.js';

/** At most this many keys go in one `POST /fetch` (the server's limit). */
export const MAX_BATCH = 1000;
/** The longest wait the server honours (`Prefer: wait=N`, N <= 60). */
export const MAX_WAIT_SECONDS = 60;

/** One key's part of a batch answer: its entry, or the problem that key met. */
export type FetchResult<Value = unknown> =
  | { readonly key: string; readonly entry: Entry<Value>; readonly problem?: undefined }
  | { readonly key: string; readonly entry?: undefined; readonly problem: KckProblem };

/** `GET /fetch/{key}`. */
export async function fetchEntry(http: Http, key: string, signal?: AbortSignal): Promise<Entry> {
  const { body } = await http.json<unknown>(keyPath('/fetch', key), signal ? { signal } : {}, key);
  return requireEntry(body);
}

/** `POST /fetch`, in batches of {@link MAX_BATCH}; results in the order of `keys`, each named as asked. */
export async function fetchEntries(http: Http, keys: readonly string[], signal?: AbortSignal): Promise<FetchResult[]> {
  const batches: (readonly string[])[] = [];
  for (let start = 0; start < keys.length; start += MAX_BATCH) batches.push(keys.slice(start, start + MAX_BATCH));
  const answers = await Promise.all(batches.map((batch) => fetchBatch(http, batch, signal)));
  return answers.flat();
}

async function fetchBatch(http: Http, keys: readonly string[], signal?: AbortSignal): Promise<FetchResult[]> {
  const { body } = await http.json<{ results?: unknown }>('/fetch', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keys }),
    ...(signal ? { signal } : {}),
  });
  const results = Array.isArray(body.results) ? body.results : [];
  if (results.length !== keys.length) {
    throw new TypeError(`POST /fetch answered ${results.length} results for ${keys.length} keys`);
  }
  return results.map((result: unknown, index): FetchResult => {
    const key = keys[index] as string;
    const error = typeof result === 'object' && result !== null ? (result as { error?: unknown }).error : undefined;
    if (isProblemDocument(error)) return { key, problem: new KckProblem(error) };
    return { key, entry: requireEntry(result) };
  });
}

/**
 * One long poll: `GET /fetch/{key}` with `If-None-Match` and `Prefer: wait=N`. Resolves to the entry
 * when the key has a version other than `etag` (at once, or as soon as one exists during the wait),
 * and to `undefined` when the wait ran out with nothing new (304). With no `etag` it is a plain fetch.
 */
export async function pollEntry(
  http: Http,
  key: string,
  etag: number | string | undefined,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<Entry | undefined> {
  const headers: Record<string, string> = {};
  if (etag !== undefined) {
    headers['if-none-match'] = formatEtag(etag);
    const wait = Math.min(MAX_WAIT_SECONDS, Math.max(0, Math.floor(waitSeconds)));
    if (wait > 0) headers.prefer = `wait=${wait}`;
  }
  const response = await http.send(keyPath('/fetch', key), { headers, ...(signal ? { signal } : {}) });
  if (response.status === 304) {
    await discard(response);
    return undefined;
  }
  if (!response.ok) throw await KckProblem.fromResponse(response, key);
  return requireEntry(await response.json());
}

/** One key's part of a batch long poll: a newer entry, the problem it met, or nothing new. */
export type PollResult =
  | { readonly key: string; readonly entry: Entry; readonly problem?: undefined; readonly notModified?: undefined }
  | { readonly key: string; readonly problem: KckProblem; readonly entry?: undefined; readonly notModified?: undefined }
  | { readonly key: string; readonly notModified: true; readonly entry?: undefined; readonly problem?: undefined };

/** What a batch long poll brought, and whether the server held it (`Preference-Applied`). */
export interface BatchPoll {
  readonly results: PollResult[];
  readonly held: boolean;
}

/**
 * One long poll over many keys: `POST /fetch` with the versions held and `Prefer: wait=N`. The server
 * answers when any key has a newer version, a key meets a problem, or the wait runs out; keys still at
 * the version held come back `not_modified`. One request however many keys (at most {@link MAX_BATCH}):
 * what a browser, six connections per origin over HTTP/1.1, needs to keep a dozen keys live.
 */
export async function pollEntries(
  http: Http,
  keys: readonly string[],
  versions: Readonly<Record<string, number>>,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<BatchPoll> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const wait = Math.min(MAX_WAIT_SECONDS, Math.max(0, Math.floor(waitSeconds)));
  if (wait > 0) headers.prefer = `wait=${wait}`;
  const { body, response } = await http.json<{ results?: unknown }>('/fetch', {
    method: 'POST',
    headers,
    body: JSON.stringify({ keys, versions }),
    ...(signal ? { signal } : {}),
  });
  const results = Array.isArray(body.results) ? body.results : [];
  if (results.length !== keys.length) {
    throw new TypeError(`POST /fetch answered ${results.length} results for ${keys.length} keys`);
  }
  return {
    held: response.headers.get('preference-applied') !== null,
    results: results.map((result: unknown, index): PollResult => {
      const key = keys[index] as string;
      const member = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
      if (isProblemDocument(member.error)) return { key, problem: new KckProblem(member.error) };
      if (member.not_modified === true) return { key, notModified: true };
      return { key, entry: requireEntry(result) };
    }),
  };
}

/** An entity tag for a header: a version number quoted, or a tag (list, `*`, `W/"..."`) kept as given. */
export function formatEtag(etag: number | string): string {
  if (typeof etag === 'number') return `"${etag}"`;
  return /^(\*|W\/".*"|".*")/.test(etag.trim()) ? etag : `"${etag}"`;
}

/** The version a strong ETag names (`"12"` is 12), or undefined. */
export function versionOfEtag(etag: string | null): number | undefined {
  const match = etag === null ? null : /^"(\d+)"$/.exec(etag.trim());
  return match ? Number(match[1]) : undefined;
}

/** Checks that a body is an ENTRY, so a wrong answer fails here and not deep in an app. */
export function requireEntry(body: unknown): Entry {
  if (isEntry(body)) return body;
  throw new TypeError(`not an ENTRY: ${JSON.stringify(body)?.slice(0, 120)}`);
}

/** True for an object with ENTRY's members. */
export function isEntry(body: unknown): body is Entry {
  if (typeof body !== 'object' || body === null) return false;
  const { key, version, modified, stale } = body as Record<string, unknown>;
  return (
    typeof key === 'string' &&
    typeof version === 'number' &&
    typeof modified === 'string' &&
    typeof stale === 'boolean' &&
    'value' in body
  );
}
