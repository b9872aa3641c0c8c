import { pollEntries, pollEntry, type PollResult } from './entries.js';
import type { ConnectionStatus, LiveHost } from './live.js';
import { KckProblem } from './problem.js';
import { backoffDelay, linkedController, sleep, Waker } from './timing.js';

const DEFAULT_WAIT_SECONDS = 30;
const DEFAULT_MIN_POLL_INTERVAL = 5_000;
/** A held request gets this long past its wait before it counts as lost. */
const GRACE_MS = 15_000;
/** Answers that say "this key will not come": 400, 403, 404, 410. Others are retried. */
const REFUSALS = new Set([400, 403, 404, 410]);
/** Keys per batch poll: each batch is one held request, like one stream of the same keys. */
const BATCH_KEYS = 100;

/**
 * Live values without a stream. One key: `GET /fetch/{key}` with `If-None-Match` on the version held
 * and `Prefer: wait=N`, so the server answers when a newer version exists (200) or the wait is over
 * (304). More keys: one `POST /fetch` per 100 of them with the versions held and the same `Prefer`,
 * answered when any of them moves, so a dozen live keys hold one connection, not a dozen (a browser
 * gives an origin six over HTTP/1.1). A server that answers at once instead of holding the poll is
 * polled every `minPollInterval`.
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
    if (this.#keys.length === 1) return this.#poll(this.#keys[0] as string, signal);
    const batches: string[][] = [];
    for (let start = 0; start < this.#keys.length; start += BATCH_KEYS) batches.push(this.#keys.slice(start, start + BATCH_KEYS));
    await Promise.all(batches.map((batch) => this.#pollBatch(batch, signal)));
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
        this.#failed([key], error);
        const retryAfter = error instanceof KckProblem ? (error.retryAfter ?? 0) * 1000 : 0;
        await sleep(Math.max(retryAfter, backoffDelay(attempt++, this.#host.backoff)), wake);
      } finally {
        clearTimeout(timer);
        release();
      }
    }
  }

  async #pollBatch(keys: readonly string[], signal: AbortSignal): Promise<void> {
    const { wait = DEFAULT_WAIT_SECONDS, minPollInterval = DEFAULT_MIN_POLL_INTERVAL } = this.#host.options;
    let attempt = 0;
    // As for one key: the first poll is answered at once, and brings what moved since the caller's versions.
    let held = 0;
    for (let watched = this.#watched(keys); !signal.aborted && watched.length > 0; watched = this.#watched(keys)) {
      const started = Date.now();
      const wake = this.#waker.signal;
      const { controller, release } = linkedController(signal, wake);
      const timer = setTimeout(() => controller.abort(), Math.min(wait, 60) * 1000 + GRACE_MS);
      try {
        const answer = await pollEntries(this.#host.http, watched, this.#versions(watched), held, controller.signal);
        const { moved, failed } = this.#take(answer.results);
        if (failed !== undefined) throw failed;
        attempt = 0;
        watched.forEach((key) => this.#succeeded(key));
        if (!moved && held > 0) {
          const elapsed = Date.now() - started;
          this.#setWaits(answer.held || elapsed >= Math.min(held * 1000, minPollInterval));
          if (elapsed < minPollInterval && !answer.held) await sleep(minPollInterval - elapsed, wake);
        }
        held = wait;
      } catch (error) {
        if (signal.aborted) return;
        if (wake.aborted) continue;
        if (error instanceof KckProblem && REFUSALS.has(error.status) && watched.length === 1) {
          return this.#host.refuse(watched[0] as string, error);
        }
        this.#failed(watched, error);
        const retryAfter = error instanceof KckProblem ? (error.retryAfter ?? 0) * 1000 : 0;
        await sleep(Math.max(retryAfter, backoffDelay(attempt++, this.#host.backoff)), wake);
      } finally {
        clearTimeout(timer);
        release();
      }
    }
  }

  /**
   * Delivers a batch's newer entries and drops its refused keys; `moved` when something was new,
   * `failed` with the first problem worth retrying (a key the server could not serve just now).
   */
  #take(results: readonly PollResult[]): { moved: boolean; failed?: KckProblem } {
    let moved = false;
    let failed: KckProblem | undefined;
    for (const result of results) {
      if (result.entry !== undefined) {
        moved ||= result.entry.version !== this.#host.versionOf(result.key);
        this.#host.deliver(result.entry);
      } else if (result.problem !== undefined) {
        moved = true;
        if (REFUSALS.has(result.problem.status)) this.#host.refuse(result.key, result.problem);
        else failed ??= result.problem;
      }
    }
    return failed === undefined ? { moved } : { moved, failed };
  }

  #watched(keys: readonly string[]): string[] {
    return keys.filter((key) => this.#host.watches(key));
  }

  #versions(keys: readonly string[]): Record<string, number> {
    const versions: Record<string, number> = {};
    for (const key of keys) {
      const version = this.#host.versionOf(key);
      if (version !== undefined) versions[key] = version;
    }
    return versions;
  }

  #succeeded(key: string): void {
    this.#failing.delete(key);
    this.#setState(this.#failing.size > 0 ? 'reconnecting' : 'open');
  }

  #failed(keys: readonly string[], error: unknown): void {
    keys.forEach((key) => this.#failing.add(key));
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
