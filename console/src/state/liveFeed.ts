/**
 * The console's heartbeat: every `intervalMs` it polls `/admin/products`, `/admin/queue` and
 * `/admin/instances` together, keeps the answers for the views, and appends one sample of counters to
 * a ring buffer for the charts. It waits for a poll to finish before scheduling the next (a slow server
 * is never flooded), and stops on 401/403 (the page then asks for a token).
 */
import type { AdminApi } from '../api/admin';
import { ApiError } from '../api/problem';
import type { Instance, ProductStats, QueueState } from '../api/schemas';
import type { ProductCounters, Sample } from '../lib/rates';
import { Ring } from '../lib/ring';

export interface LiveSnapshot {
  products: ProductStats[] | null;
  queue: QueueState | null;
  instances: Instance[] | null;
  /** The first error of the latest poll, when any of its three calls failed. */
  error: ApiError | null;
  lastSuccess: number | null;
  /** Oldest first; a new array after each poll, so React sees the change. */
  samples: readonly Sample[];
  polling: boolean;
}

export interface Timer {
  set(callback: () => void, ms: number): number;
  clear(handle: number): void;
}

const browserTimer: Timer = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle),
};

export interface LiveFeedOptions {
  intervalMs?: number;
  /** Samples kept: 15 minutes at 2 s by default. */
  capacity?: number;
  now?: () => number;
  timer?: Timer;
}

export function countersOf(product: ProductStats): ProductCounters {
  return {
    hits: product.hits,
    misses: product.misses,
    staleServes: product.staleServes,
    primerRuns: product.primerRuns,
    primerFailures: product.primerFailures,
    primerP50Ms: product.primerP50Ms,
    primerP99Ms: product.primerP99Ms,
  };
}

export class LiveFeed {
  readonly intervalMs: number;
  private readonly ring: Ring<Sample>;
  private readonly now: () => number;
  private readonly timer: Timer;
  private readonly listeners = new Set<() => void>();
  private handle: number | null = null;
  private controller: AbortController | null = null;
  private running = false;
  private snapshot: LiveSnapshot;

  constructor(private readonly api: AdminApi, options: LiveFeedOptions = {}) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.ring = new Ring(options.capacity ?? 450);
    this.now = options.now ?? Date.now;
    this.timer = options.timer ?? browserTimer;
    this.snapshot = { products: null, queue: null, instances: null, error: null, lastSuccess: null, samples: [], polling: false };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.update({ polling: true });
    void this.poll();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) {
      this.timer.clear(this.handle);
      this.handle = null;
    }
    this.controller?.abort();
    this.controller = null;
    this.update({ polling: false });
  }

  /** Polls at once (after an action, so the views catch up without waiting for the next tick). */
  pollNow(): void {
    if (!this.running) {
      return;
    }
    if (this.handle !== null) {
      this.timer.clear(this.handle);
      this.handle = null;
    }
    if (this.controller === null) {
      void this.poll();
    }
  }

  /** One poll; exposed for tests. */
  async poll(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const [products, queue, instances] = await Promise.allSettled([
      this.api.products(controller.signal),
      this.api.queue(controller.signal),
      this.api.instances(controller.signal),
    ]);
    if (controller.signal.aborted) {
      return;
    }
    this.controller = null;
    const errors = [products, queue, instances]
      .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
      .map((result) => (result.reason instanceof ApiError ? result.reason : new ApiError({
        type: null, title: 'Console error', status: -1, detail: String(result.reason),
      })));
    const at = this.now();
    const productList = products.status === 'fulfilled' ? products.value : null;
    const queueState = queue.status === 'fulfilled' ? queue.value : null;
    this.ring.push({
      at,
      products: productList === null ? null : new Map(productList.map((p) => [p.name, countersOf(p)])),
      queueDepth: queueState?.depth ?? null,
      oldestAgeMs: queueState?.oldestAgeMs ?? null,
    });
    this.update({
      products: productList ?? this.snapshot.products,
      queue: queueState ?? this.snapshot.queue,
      instances: instances.status === 'fulfilled' ? instances.value : this.snapshot.instances,
      error: errors[0] ?? null,
      lastSuccess: errors.length === 0 ? at : this.snapshot.lastSuccess,
      samples: this.ring.toArray(),
    });
    if (errors.some((error) => error.kind === 'unauthorized' || error.kind === 'forbidden')) {
      this.stop();
      return;
    }
    if (this.running) {
      this.handle = this.timer.set(() => {
        this.handle = null;
        void this.poll();
      }, this.intervalMs);
    }
  }

  private update(change: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) {
      listener();
    }
  }
}
