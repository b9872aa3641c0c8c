import { fetchEntries, fetchEntry, pollEntry, type FetchResult } from './entries.js';
import { Http, type FetchFunction } from './http.js';
import { LiveSubscription, type SubscribeOptions, type Subscription } from './live.js';
import type { BackoffOptions } from './timing.js';
import { TokenSource, type TokenProvider } from './token.js';
import type { Entry, UpdaterName, UpdaterParams, ValueOfKey } from './types.js';
import { runUpdate, type UpdateOptions, type UpdateResult } from './updates.js';

/** What `createClient` needs. */
export interface ClientOptions {
  /** Where KCK answers, such as `https://kck.example.com`; `''` for the page's own origin in a browser. */
  readonly baseUrl: string;
  /** The bearer token, or where to get one (see {@link TokenProvider}); absent for public products only. */
  readonly token?: TokenProvider;
  /** A fetch to use instead of the global one (a polyfill, a test double, a server-side fetch). */
  readonly fetch?: FetchFunction;
  /** Timing of reconnects and retries. */
  readonly backoff?: BackoffOptions;
}

/** Per-request options. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/** A KCK client. Every method that talks to the server rejects with a `KckProblem` when it answers an error. */
export interface KckClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** `GET /fetch/{key}`: the key's ENTRY, computed on a miss. */
  fetch<K extends string>(key: K, options?: RequestOptions): Promise<Entry<ValueOfKey<K>>>;
  /** `POST /fetch`: an entry or a problem per key, in the order asked (batches of 1000). */
  fetchMany(keys: readonly string[], options?: RequestOptions): Promise<FetchResult[]>;
  /**
   * One long poll: resolves to the entry when the key's version is not `etag` (at once, or as soon as
   * one appears within `waitSeconds`, at most 60), or to `undefined` when nothing new came.
   */
  poll<K extends string>(
    key: K,
    etag: number | string | undefined,
    waitSeconds?: number,
    options?: RequestOptions,
  ): Promise<Entry<ValueOfKey<K>> | undefined>;
  /** `POST /update/{name}` with one call's parameters, or several run in one transaction. */
  update<U extends UpdaterName>(
    name: U,
    params: UpdaterParams<U> | readonly UpdaterParams<U>[],
    options?: UpdateOptions,
  ): Promise<UpdateResult>;
  /**
   * Live values: `onEntry` gets each key's current entry, then every newer version, over one stream for
   * all the keys (see {@link SubscribeOptions} for the fallback to long polling). Call the returned
   * function to stop.
   */
  subscribe(keys: readonly string[], onEntry: (entry: Entry) => void, options?: SubscribeOptions): Subscription;
}

/**
 * A client for one KCK server.
 *
 * @example
 * const kck = createClient({ baseUrl: 'https://kck.example.com', token: () => auth.currentToken() });
 * const { value } = await kck.fetch(key('store', 3));
 */
export function createClient(options: ClientOptions): KckClient {
  const http = new Http(options.baseUrl, new TokenSource(options.token), options.fetch);
  const backoff = options.backoff ?? {};
  return {
    baseUrl: http.baseUrl,
    fetch: <K extends string>(key: K, request: RequestOptions = {}) =>
      fetchEntry(http, key, request.signal) as Promise<Entry<ValueOfKey<K>>>,
    fetchMany: (keys, request = {}) => fetchEntries(http, keys, request.signal),
    poll: <K extends string>(key: K, etag: number | string | undefined, waitSeconds = 30, request: RequestOptions = {}) =>
      pollEntry(http, key, etag, waitSeconds, request.signal) as Promise<Entry<ValueOfKey<K>> | undefined>,
    update: (name, params, update = {}) => runUpdate(http, name, params as object, update, backoff),
    subscribe: (keys, onEntry, subscribe = {}) => {
      const live = new LiveSubscription(http, keys, onEntry, subscribe, backoff);
      const stop = Object.assign(() => live.close(), { reconnect: () => live.reconnect() });
      Object.defineProperty(stop, 'closed', { get: () => live.closed });
      live.start();
      return stop as Subscription;
    },
  };
}
