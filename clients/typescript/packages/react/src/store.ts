import {
  KckProblem,
  normalizeKey,
  type ConnectionStatus,
  type Entry,
  type KckClient,
  type Snapshot,
  type SubscribeOptions,
} from '@kck/client';
import { LiveKeys } from './live-keys.js';

/** One key's state in the store; a new object each time it changes, the same one until then. */
export interface ProductState<Value = unknown> {
  readonly entry: Entry<Value> | undefined;
  /** The last failure (a `KckProblem` for an error answer); undefined after a success. */
  readonly error: unknown;
  /** No entry and no error yet. */
  readonly isLoading: boolean;
}

/** Provider-wide behaviour; every field has a default. */
export interface StoreOptions {
  /** A key fetched (or delivered) this recently is not fetched again on mount or focus, in ms. Default 2000. */
  readonly dedupingInterval?: number;
  /** At most one round of focus revalidation per this many ms. Default 5000. */
  readonly focusThrottleInterval?: number;
  /** How long, in ms, the set of live keys must stay still before the stream is reopened with it. Default 50. */
  readonly streamDebounce?: number;
  /** How long, in ms, a key no component watches stays cached. Default 300 000. */
  readonly gcTime?: number;
  /** Passed to `client.subscribe`. */
  readonly transport?: SubscribeOptions['transport'];
}

/** How a component watches a key. */
export interface WatchOptions {
  readonly live: boolean;
  readonly revalidateOnFocus: boolean;
}

interface KeyRecord {
  state: ProductState;
  readonly listeners: Set<() => void>;
  live: number;
  focus: number;
  inflight: Promise<Entry> | undefined;
  /** When the state last came from the server (fetch, stream or snapshot). */
  fetchedAt: number;
  gcTimer: ReturnType<typeof setTimeout> | undefined;
}

const LOADING: ProductState = Object.freeze({ entry: undefined, error: undefined, isLoading: true });

/**
 * The cache behind `useProduct`: per key the latest entry (versions only go forward), one request in
 * flight at a time, listeners for `useSyncExternalStore`, and the live keys multiplexed over one stream.
 */
export class ProductStore {
  readonly client: KckClient;
  readonly #records = new Map<string, KeyRecord>();
  /** Canonical key text the server answered with, when it differs from the key asked for. */
  readonly #aliases = new Map<string, string>();
  readonly #live: LiveKeys;
  readonly #statusListeners = new Set<() => void>();
  /** The promise each entry came with, for use(): React wants the same thenable when it replays a render. */
  readonly #thenables = new WeakMap<Entry, Promise<Entry>>();
  readonly #dedupingInterval: number;
  readonly #focusThrottle: number;
  readonly #gcTime: number;
  #status: ConnectionStatus | undefined;
  #lastFocus = -Infinity;
  #started = 0;

  constructor(client: KckClient, options: StoreOptions = {}, snapshot?: Snapshot) {
    this.client = client;
    this.#dedupingInterval = options.dedupingInterval ?? 2_000;
    this.#focusThrottle = options.focusThrottleInterval ?? 5_000;
    this.#gcTime = options.gcTime ?? 300_000;
    this.#live = new LiveKeys(
      client,
      {
        entry: (entry) => this.#receive(this.#keyOf(entry.key), entry),
        error: (error) => {
          if (error instanceof KckProblem && error.key !== undefined) this.#fail(this.#keyOf(error.key), error);
        },
        status: (status) => this.#setStatus(status),
        versionOf: (key) => this.#records.get(key)?.state.entry?.version,
      },
      options.streamDebounce ?? 50,
      options.transport,
    );
    if (snapshot) this.hydrate(snapshot);
  }

  /** The state of `key` (any spelling): stable between changes, as `useSyncExternalStore` needs. */
  getState(key: string): ProductState {
    return this.#records.get(normalizeKey(key))?.state ?? LOADING;
  }

  /** Connection status of the stream, undefined while no key is watched live. */
  getStatus(): ConnectionStatus | undefined {
    return this.#status;
  }

  subscribeStatus(listener: () => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Watches a key: `listener` is called on every change; fetches it now unless it is fresh. */
  watch(key: string, listener: () => void, options: WatchOptions): () => void {
    const normalized = normalizeKey(key);
    const record = this.#record(normalized);
    clearTimeout(record.gcTimer);
    record.listeners.add(listener);
    if (options.live) {
      record.live++;
      this.#live.add(normalized);
    }
    if (options.revalidateOnFocus) record.focus++;
    this.#revalidate(normalized, record, false);
    return () => {
      record.listeners.delete(listener);
      if (options.live) {
        record.live--;
        this.#live.remove(normalized);
      }
      if (options.revalidateOnFocus) record.focus--;
      this.#collectLater(normalized, record);
    };
  }

  /**
   * The entry of `key`: the request in flight when there is one (deduplicated), else a new fetch.
   * Rejects with what the fetch rejected with, which is also kept as the key's `error`.
   */
  load(key: string): Promise<Entry> {
    const normalized = normalizeKey(key);
    const record = this.#record(normalized);
    if (record.inflight) return record.inflight;
    const inflight = this.client.fetch(normalized).then(
      (entry) => {
        record.inflight = undefined;
        this.#receive(normalized, entry);
        return this.#records.get(normalized)?.state.entry ?? entry;
      },
      (error: unknown) => {
        record.inflight = undefined;
        this.#fail(normalized, error);
        throw error;
      },
    );
    inflight.then((entry) => this.#thenables.set(entry, inflight), () => undefined);
    record.inflight = inflight;
    return inflight;
  }

  /**
   * A promise for React's use(): the request that brought the entry held (React has marked it
   * fulfilled), a fulfilled thenable for an entry that came another way, or the load under way.
   */
  suspender(key: string): Promise<Entry> {
    const entry = this.getState(key).entry;
    if (entry === undefined) return this.load(key);
    let thenable = this.#thenables.get(entry);
    if (!thenable) {
      // The fields React itself sets on a thenable it has seen settle: use() reads them without suspending.
      thenable = Object.assign(Promise.resolve(entry), { status: 'fulfilled', value: entry });
      this.#thenables.set(entry, thenable);
    }
    return thenable;
  }

  /** True when the state of `key` came from the server within the deduplication interval. */
  isFresh(key: string): boolean {
    const record = this.#records.get(normalizeKey(key));
    return record !== undefined && Date.now() - record.fetchedAt < this.#dedupingInterval;
  }

  /** Takes in a snapshot's entries, where they are newer than what is held. */
  hydrate(snapshot: Snapshot): void {
    for (const [asked, entry] of Object.entries(snapshot.entries)) this.#receive(normalizeKey(asked), entry);
  }

  /** The window regained focus: fetch watched keys that are not live on an open stream. */
  focused(): void {
    const now = Date.now();
    if (now - this.#lastFocus < this.#focusThrottle) return;
    this.#lastFocus = now;
    for (const [key, record] of this.#records) if (record.focus > 0) this.#revalidate(key, record, false);
  }

  /** The device is back online: reconnect the stream at once and fetch every watched key. */
  online(): void {
    this.#live.reconnect();
    for (const [key, record] of this.#records) if (record.listeners.size > 0) this.#revalidate(key, record, true);
  }

  /** Starts the stream and garbage collection (a provider's effect); returns the matching stop. */
  start(): () => void {
    if (this.#started++ === 0) {
      this.#live.start();
      for (const [key, record] of this.#records) this.#collectLater(key, record);
    }
    return () => {
      if (--this.#started > 0) return;
      this.#live.stop();
      for (const record of this.#records.values()) clearTimeout(record.gcTimer);
    };
  }

  #revalidate(key: string, record: KeyRecord, force: boolean): void {
    if (record.inflight) return;
    const empty = record.state.entry === undefined && record.state.error === undefined;
    const fresh = Date.now() - record.fetchedAt < this.#dedupingInterval;
    if (empty || force || (!fresh && !this.#live.carries(key))) void this.load(key).catch(() => undefined);
  }

  #receive(key: string, entry: Entry): void {
    const canonical = normalizeKey(entry.key);
    if (canonical !== key) this.#aliases.set(canonical, key);
    const record = this.#record(key);
    record.fetchedAt = Date.now();
    const held = record.state.entry;
    if (held !== undefined && entry.version < held.version) return;
    if (held !== undefined && entry.version === held.version && entry.stale === held.stale && record.state.error === undefined) return;
    this.#set(record, { entry, error: undefined, isLoading: false });
  }

  #fail(key: string, error: unknown): void {
    const record = this.#record(key);
    record.fetchedAt = Date.now();
    this.#set(record, { entry: record.state.entry, error, isLoading: false });
  }

  #set(record: KeyRecord, state: ProductState): void {
    record.state = state;
    record.listeners.forEach((listener) => listener());
  }

  #setStatus(status: ConnectionStatus | undefined): void {
    this.#status = status;
    this.#statusListeners.forEach((listener) => listener());
  }

  #keyOf(serverKey: string): string {
    const canonical = normalizeKey(serverKey);
    return this.#aliases.get(canonical) ?? canonical;
  }

  #record(key: string): KeyRecord {
    let record = this.#records.get(key);
    if (!record) {
      record = { state: LOADING, listeners: new Set(), live: 0, focus: 0, inflight: undefined, fetchedAt: -Infinity, gcTimer: undefined };
      this.#records.set(key, record);
      this.#collectLater(key, record);
    }
    return record;
  }

  /** Forgets an unwatched key after `gcTime`; only while started, so a server render leaves no timers. */
  #collectLater(key: string, record: KeyRecord): void {
    if (this.#started === 0 || record.listeners.size > 0) return;
    clearTimeout(record.gcTimer);
    record.gcTimer = setTimeout(() => {
      if (record.listeners.size > 0 || record.inflight) return;
      this.#records.delete(key);
      for (const [alias, target] of this.#aliases) if (target === key) this.#aliases.delete(alias);
    }, this.#gcTime);
  }
}
