import { pollEntry } from './entries.js';
import type { ConnectionStatus, LiveHost } from './live.js';
import { KckProblem } from './problem.js';
import { backoffDelay, linkedController, sleep, Waker } from './timing.js';

const DEFAULT_WAIT_SECONDS = 30;
const DEFAULT_MIN_POLL_INTERVAL = 5_000;
/** A held request gets this long past its wait before it counts as lost. */
const GRACE_MS = 15_000;
/** Answers that say "this key will not come": 400, 403, 404, 410. Others are retried. */
const REFUSALS = new Set([400, 403, 404, 410]);

/**
 * Live values without a stream: per key, `GET /fetch/{key}` with `If-None-Match` on the version held
 * and `Prefer: wait=N`, so the server answers when a newer version exists (200) or the wait is over
 * (304). A server that answers 304 at once (no long polling) is polled every `minPollInterval`.
 */
export class LongPoller {
  state: ConnectionStatus['state'] = 'connecting';
  /** Whether the server held a poll whose version was current (undefined until one was answered). */
  serverWaits: boolean | undefined;
  readonly #host: LiveHost;
  readonly #keys: readonly string[];
  readonly #waker = new Waker();
  readonly #failing = new Set<string>();

  constructor(host: LiveHost, keys: readonly string[]) {
    this.#host = host;
    this.#keys = keys;
  }

  reconnect(): void {
    this.#waker.wake();
  }

  async run(signal: AbortSignal): Promise<void> {
    await Promise.all(this.#keys.map((key) => this.#poll(key, signal)));
  }

  async #poll(key: string, signal: AbortSignal): Promise<void> {
    const { wait = DEFAULT_WAIT_SECONDS, minPollInterval = DEFAULT_MIN_POLL_INTERVAL } = this.#host.options;
    let attempt = 0;
    // The first request of each key is answered at once (no wait): it tells that the server is there,
    // and brings a version that moved since the caller's.
    let held = 0;
    while (!signal.aborted && this.#host.watches(key)) {
      const started = Date.now();
      const wake = this.#waker.signal;
      const { controller, release } = linkedController(signal, wake);
      const timer = setTimeout(() => controller.abort(), Math.min(wait, 60) * 1000 + GRACE_MS);
      try {
        const entry = await pollEntry(this.#host.http, key, this.#host.versionOf(key), held, controller.signal);
        attempt = 0;
        this.#succeeded(key);
        if (entry !== undefined) {
          this.#host.deliver(entry);
        } else if (held > 0) {
          const elapsed = Date.now() - started;
          this.#setWaits(elapsed >= Math.min(held * 1000, minPollInterval));
          if (elapsed < minPollInterval) await sleep(minPollInterval - elapsed, wake);
        }
        held = wait;
      } catch (error) {
        if (signal.aborted) return;
        if (wake.aborted) continue;
        if (error instanceof KckProblem && REFUSALS.has(error.status)) return this.#host.refuse(key, error);
        this.#failed(key, error);
        const retryAfter = error instanceof KckProblem ? (error.retryAfter ?? 0) * 1000 : 0;
        await sleep(Math.max(retryAfter, backoffDelay(attempt++, this.#host.backoff)), wake);
      } finally {
        clearTimeout(timer);
        release();
      }
    }
  }

  #succeeded(key: string): void {
    this.#failing.delete(key);
    this.#setState(this.#failing.size > 0 ? 'reconnecting' : 'open');
  }

  #failed(key: string, error: unknown): void {
    this.#failing.add(key);
    this.#setState('reconnecting');
    this.#host.fail(error);
  }

  #setWaits(waits: boolean): void {
    if (this.serverWaits === waits) return;
    this.serverWaits = waits;
    this.#host.changed();
  }

  #setState(state: ConnectionStatus['state']): void {
    if (this.state === state) return;
    this.state = state;
    this.#host.changed();
  }
}
