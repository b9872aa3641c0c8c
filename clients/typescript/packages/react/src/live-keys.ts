import type { ConnectionStatus, Entry, KckClient, SubscribeOptions, Subscription } from '@kck/client';

/** What the store hears from the one stream it keeps. */
export interface LiveKeysEvents {
  entry(entry: Entry): void;
  error(error: unknown): void;
  status(status: ConnectionStatus | undefined): void;
  /** The version held for a key, so a reopened stream delivers only newer ones. */
  versionOf(key: string): number | undefined;
}

/**
 * The set of keys some component watches live, carried by ONE `client.subscribe` call. When the set
 * changes the subscription is replaced, after `debounce` ms, so a page mounting twenty components
 * opens one stream, not twenty.
 */
export class LiveKeys {
  readonly #client: KckClient;
  readonly #events: LiveKeysEvents;
  readonly #debounce: number;
  readonly #transport: SubscribeOptions['transport'];
  readonly #counts = new Map<string, number>();
  #open: { readonly id: string; readonly keys: ReadonlySet<string>; readonly stop: Subscription } | undefined;
  #state: ConnectionStatus['state'] | undefined;
  #ticket: object | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(client: KckClient, events: LiveKeysEvents, debounce: number, transport?: SubscribeOptions['transport']) {
    this.#client = client;
    this.#events = events;
    this.#debounce = debounce;
    this.#transport = transport;
  }

  add(key: string): void {
    const count = this.#counts.get(key) ?? 0;
    this.#counts.set(key, count + 1);
    if (count === 0) this.#schedule();
  }

  remove(key: string): void {
    const count = this.#counts.get(key) ?? 0;
    if (count <= 1) {
      this.#counts.delete(key);
      this.#schedule();
    } else {
      this.#counts.set(key, count - 1);
    }
  }

  /** True when `key` is in the open stream and entries are flowing. */
  carries(key: string): boolean {
    return this.#state === 'open' && this.#open?.keys.has(key) === true;
  }

  start(): void {
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#close();
  }

  reconnect(): void {
    this.#open?.stop.reconnect();
  }

  #schedule(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#sync(), this.#debounce);
  }

  #sync(): void {
    const keys = [...this.#counts.keys()].sort();
    const id = keys.join('\n');
    if (this.#open?.id === id) return;
    this.#close();
    if (keys.length === 0) return;
    const versions: Record<string, number> = {};
    for (const key of keys) {
      const version = this.#events.versionOf(key);
      if (version !== undefined) versions[key] = version;
    }
    // Statuses of a subscription already replaced (its own 'closed' among them) are not news.
    const ticket = {};
    this.#ticket = ticket;
    const stop = this.#client.subscribe(keys, (entry) => this.#events.entry(entry), {
      versions,
      onError: (error) => this.#events.error(error),
      onStatus: (status) => {
        if (this.#ticket !== ticket) return;
        this.#state = status.state;
        this.#events.status(status);
      },
      ...(this.#transport ? { transport: this.#transport } : {}),
    });
    this.#open = { id, keys: new Set(keys), stop };
  }

  #close(): void {
    const open = this.#open;
    this.#open = undefined;
    this.#ticket = undefined;
    this.#state = undefined;
    open?.stop();
    this.#events.status(undefined);
  }
}
