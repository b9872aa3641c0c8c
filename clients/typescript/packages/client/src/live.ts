import type { Http } from './http.js';
import { normalizeKey } from './key.js';
import { LongPoller } from './long-poll.js';
import type { KckProblem } from './problem.js';
import { StreamChannel } from './stream.js';
import type { BackoffOptions } from './timing.js';
import type { Entry } from './types.js';

/** How live values travel: one multiplexed SSE stream, or a long poll per key. */
export type Transport = 'stream' | 'long-poll';

/** Where a subscription's connection stands, for a "live" / "reconnecting" badge. */
export interface ConnectionStatus {
  readonly transport: Transport;
  /** `open`: entries flow; `reconnecting`: the last try failed and another is scheduled. */
  readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  /** Why long polling is used, when the stream was tried first. */
  readonly reason?: string;
  /**
   * Long polling only, once known: false when the server answers a waiting poll at once (it, or a
   * proxy, ignores `Prefer: wait`), so the client polls every `minPollInterval` instead.
   */
  readonly serverWaits?: boolean;
}

/** How `client.subscribe` behaves. */
export interface SubscribeOptions {
  /**
   * Told of every problem: a {@link KckProblem} naming a `key` means that key was refused (403, 404, ...)
   * and is no longer watched; anything else is a failure the subscription recovers from by itself.
   */
  readonly onError?: (error: unknown) => void;
  /** Told each time the connection's status changes. */
  readonly onStatus?: (status: ConnectionStatus) => void;
  /**
   * `auto` (the default) streams where fetch can stream, and long-polls where it cannot or where the
   * server has no multiplexed stream (404, 405, 406, 501, or an answer that is not an event stream).
   */
  readonly transport?: 'auto' | Transport;
  /** Versions the caller already holds, by key: no entry at or below them is delivered. */
  readonly versions?: Readonly<Record<string, number>>;
  /** Seconds a long poll asks the server to hold it (`Prefer: wait`), default 30, at most 60. */
  readonly wait?: number;
  /**
   * The shortest time, in ms, from one long poll of a key to the next when the server answered 304 at
   * once (it, or a proxy, ignored `Prefer: wait`): the client then polls this often. Default 5000.
   */
  readonly minPollInterval?: number;
  /** A stream that sends nothing for this long (ms) is taken for dead and reopened. Default 45 000 (three server heartbeats). */
  readonly idleTimeout?: number;
  /** Closes the subscription when it aborts. */
  readonly signal?: AbortSignal;
}

/** Ends a subscription when called; `reconnect()` drops the connection and makes a new one now. */
export interface Subscription {
  (): void;
  /** Reconnects at once, skipping any backoff (call it when the device comes back online). */
  reconnect(): void;
  readonly closed: boolean;
}

/** The server's limit of keys per stream; more keys are spread over several streams. */
export const MAX_STREAM_KEYS = 100;

/** What a stream channel or a long poller reports to the subscription that runs it. */
export interface LiveHost {
  readonly http: Http;
  readonly backoff: BackoffOptions;
  readonly options: SubscribeOptions;
  /** Still watched (false after a refusal or the end). */
  watches(key: string): boolean;
  /** The version held for a key, by any spelling of it. */
  versionOf(key: string): number | undefined;
  deliver(entry: Entry): void;
  refuse(key: string, problem: KckProblem): void;
  fail(error: unknown): void;
  /** A transport's state changed. */
  changed(): void;
  /** The multiplexed stream is not there: switch to long polling; false when the stream was asked for. */
  unavailable(reason: string): boolean;
}

/** Anything that carries live values for some keys and can be reconnected or stopped. */
interface Carrier {
  readonly state: ConnectionStatus['state'];
  readonly serverWaits?: boolean | undefined;
  reconnect(): void;
}

/** One `client.subscribe` call: its keys, the versions delivered, and the transport carrying them. */
export class LiveSubscription implements LiveHost {
  readonly http: Http;
  readonly backoff: BackoffOptions;
  readonly options: SubscribeOptions;
  readonly #onEntry: (entry: Entry) => void;
  readonly #keys = new Map<string, string>();
  readonly #versions = new Map<string, number>();
  readonly #stop = new AbortController();
  #transport: Transport = 'stream';
  #reason: string | undefined;
  #carriers: Carrier[] = [];
  #transportStop = new AbortController();
  #reported: string | undefined;

  constructor(http: Http, keys: readonly string[], onEntry: (entry: Entry) => void, options: SubscribeOptions, backoff: BackoffOptions) {
    this.http = http;
    this.backoff = backoff;
    this.options = options;
    this.#onEntry = onEntry;
    for (const key of keys) this.#keys.set(normalizeKey(key), key);
    for (const [key, version] of Object.entries(options.versions ?? {})) this.#versions.set(normalizeKey(key), version);
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  get closed(): boolean {
    return this.#stop.signal.aborted;
  }

  start(): void {
    if (this.closed || this.options.signal?.aborted) return this.close();
    const transport = this.options.transport ?? 'auto';
    if (transport === 'long-poll') return this.#startPolling(undefined);
    if (transport === 'auto' && !canStream()) return this.#startPolling('this fetch cannot stream a response body');
    this.#startStreams();
  }

  close(): void {
    if (this.closed) return;
    this.#stop.abort();
    this.#transportStop.abort();
    this.#report();
  }

  reconnect(): void {
    this.#carriers.forEach((carrier) => carrier.reconnect());
  }

  watches(key: string): boolean {
    return !this.closed && this.#keys.has(normalizeKey(key));
  }

  versionOf(key: string): number | undefined {
    return this.#versions.get(normalizeKey(key));
  }

  deliver(entry: Entry): void {
    const key = normalizeKey(entry.key);
    const held = this.#versions.get(key);
    if (this.closed || (held !== undefined && entry.version <= held)) return;
    this.#versions.set(key, entry.version);
    try {
      this.#onEntry(entry);
    } catch (error) {
      // The caller's failure is theirs to hear about; it must not cost the connection.
      this.fail(error);
    }
  }

  refuse(key: string, problem: KckProblem): void {
    this.#keys.delete(normalizeKey(key));
    this.fail(problem);
    if (this.#keys.size === 0) this.close();
  }

  fail(error: unknown): void {
    if (!this.closed) this.options.onError?.(error);
  }

  changed(): void {
    this.#report();
  }

  unavailable(reason: string): boolean {
    if (this.options.transport === 'stream') return false;
    if (!this.closed && this.#transport === 'stream') {
      this.#transportStop.abort();
      this.#startPolling(reason);
    }
    return true;
  }

  /** The keys still watched, as the caller spelled them. */
  keys(): string[] {
    return [...this.#keys.values()];
  }

  #startStreams(): void {
    this.#transport = 'stream';
    const keys = this.keys();
    const signal = this.#freshTransportSignal();
    this.#carriers = [];
    for (let start = 0; start < keys.length; start += MAX_STREAM_KEYS) {
      const channel = new StreamChannel(this, keys.slice(start, start + MAX_STREAM_KEYS));
      this.#carriers.push(channel);
      void channel.run(signal);
    }
    this.#report();
  }

  #startPolling(reason: string | undefined): void {
    this.#transport = 'long-poll';
    this.#reason = reason;
    const poller = new LongPoller(this, this.keys());
    this.#carriers = [poller];
    void poller.run(this.#freshTransportSignal());
    this.#report();
  }

  #freshTransportSignal(): AbortSignal {
    this.#transportStop = new AbortController();
    return this.#transportStop.signal;
  }

  #report(): void {
    const status = this.#status();
    const text = JSON.stringify(status);
    if (text === this.#reported) return;
    this.#reported = text;
    this.options.onStatus?.(status);
  }

  #status(): ConnectionStatus {
    const states = this.#carriers.map((carrier) => carrier.state);
    const state = this.closed
      ? 'closed'
      : states.includes('reconnecting')
        ? 'reconnecting'
        : states.length > 0 && states.every((each) => each === 'open')
          ? 'open'
          : 'connecting';
    const serverWaits = this.#carriers[0]?.serverWaits;
    return {
      transport: this.#transport,
      state,
      ...(this.#reason !== undefined ? { reason: this.#reason } : {}),
      ...(serverWaits !== undefined ? { serverWaits } : {}),
    };
  }
}

/** Whether fetch here can hand over a body while it streams (React Native's fetch cannot). */
function canStream(): boolean {
  return (
    typeof ReadableStream === 'function' &&
    typeof TextDecoder === 'function' &&
    typeof Response === 'function' &&
    'body' in Response.prototype
  );
}
