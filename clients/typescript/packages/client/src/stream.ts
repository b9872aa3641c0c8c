import { isEntry } from './entries.js';
import { discard } from './http.js';
import { normalizeKey } from './key.js';
import type { ConnectionStatus, LiveHost } from './live.js';
import { KckProblem } from './problem.js';
import { readEventStream } from './sse.js';
import { backoffDelay, linkedController, sleep, Waker } from './timing.js';

/** Statuses that mean "this server has no multiplexed stream", not "this request was wrong". */
const NO_STREAM = new Set([404, 405, 406, 501]);
/** A stream that lived this long, or delivered an event, counts as a success for the backoff. */
const HEALTHY_MS = 5_000;
const DEFAULT_IDLE_TIMEOUT = 45_000;

type Outcome =
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'refused'; readonly key: string; readonly problem: KckProblem }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'interrupted' };

/**
 * One `GET /subscribe?key=...` stream for up to 100 keys, kept open: reconnects with backoff and
 * jitter after a failure, sends `Last-Event-ID` so the server sends only what moved meanwhile, takes
 * a fresh token when the old one has expired, and drops a key the server refuses.
 */
export class StreamChannel {
  state: ConnectionStatus['state'] = 'connecting';
  readonly #host: LiveHost;
  #keys: string[];
  #lastEventId: string | undefined;
  #retryHint: number | undefined;
  #attempt = 0;
  readonly #waker = new Waker();

  constructor(host: LiveHost, keys: string[]) {
    this.#host = host;
    this.#keys = keys;
  }

  reconnect(): void {
    this.#attempt = 0;
    this.#waker.wake();
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.#keys = this.#keys.filter((key) => this.#host.watches(key));
      if (this.#keys.length === 0) return;
      const outcome = await this.#connect(signal);
      if (signal.aborted) return;
      switch (outcome.kind) {
        case 'unavailable':
          if (this.#host.unavailable(outcome.reason)) return;
          // The stream was asked for: keep trying it, as after any failure.
          this.#setState('reconnecting');
          this.#host.fail(new Error(`no multiplexed stream: ${outcome.reason}`));
          await sleep(this.#delay(undefined), this.#waker.signal);
          break;
        case 'refused':
          this.#host.refuse(outcome.key, outcome.problem);
          continue;
        case 'interrupted':
          continue;
        case 'failed':
          this.#setState('reconnecting');
          this.#host.fail(outcome.error);
          await sleep(this.#delay(outcome.error), this.#waker.signal);
          break;
        case 'ended':
          this.#setState('connecting');
          await sleep(this.#delay(undefined), this.#waker.signal);
          break;
      }
    }
  }

  #delay(error: unknown): number {
    const retryAfter = error instanceof KckProblem ? (error.retryAfter ?? 0) * 1000 : 0;
    const delay = Math.max(this.#retryHint ?? 0, retryAfter, backoffDelay(this.#attempt, this.#host.backoff));
    this.#attempt++;
    return delay;
  }

  async #connect(signal: AbortSignal): Promise<Outcome> {
    const wake = this.#waker.signal;
    const { controller, release } = linkedController(signal, wake);
    const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
    if (this.#lastEventId !== undefined) headers['last-event-id'] = this.#lastEventId;
    const query = this.#keys.map((key) => `key=${encodeURIComponent(key)}`).join('&');
    try {
      const response = await this.#host.http.send(`/subscribe?${query}`, { headers, signal: controller.signal });
      if (!response.ok) return await this.#refusal(response);
      const type = response.headers.get('content-type') ?? '';
      if (!type.toLowerCase().startsWith('text/event-stream') || !response.body) {
        await discard(response);
        return { kind: 'unavailable', reason: `GET /subscribe answered ${response.status} ${type || 'without a type'}` };
      }
      return await this.#read(response.body, controller);
    } catch (error) {
      return signal.aborted || wake.aborted ? { kind: 'interrupted' } : { kind: 'failed', error };
    } finally {
      release();
    }
  }

  async #refusal(response: Response): Promise<Outcome> {
    const problem = await KckProblem.fromResponse(response);
    const refused = problem.key === undefined ? undefined : this.#keys.find((key) => sameKey(key, problem.key ?? ''));
    if (refused !== undefined && problem.status >= 400 && problem.status < 500 && problem.status !== 401) {
      return { kind: 'refused', key: refused, problem };
    }
    if (NO_STREAM.has(problem.status)) {
      return { kind: 'unavailable', reason: `GET /subscribe answered ${problem.status} ${problem.title}` };
    }
    return { kind: 'failed', error: problem };
  }

  async #read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<Outcome> {
    const opened = Date.now();
    let delivered = false;
    let idle = false;
    const idleTimeout = this.#host.options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT;
    let timer = setTimeout(() => ((idle = true), controller.abort()), idleTimeout);
    this.#setState('open');
    try {
      await readEventStream(body, {
        onBytes: () => {
          clearTimeout(timer);
          timer = setTimeout(() => ((idle = true), controller.abort()), idleTimeout);
        },
        onRetry: (ms) => (this.#retryHint = ms),
        onEvent: (event) => {
          if (event.id !== undefined) this.#lastEventId = event.id;
          if (event.event !== 'entry') return;
          delivered = this.#entry(event.data) || delivered;
        },
      });
      return { kind: 'ended' };
    } catch (error) {
      if (idle) return { kind: 'failed', error: new Error(`no bytes on the stream for ${idleTimeout} ms`) };
      throw error;
    } finally {
      clearTimeout(timer);
      if (delivered || Date.now() - opened >= HEALTHY_MS) this.#attempt = 0;
    }
  }

  #entry(data: string): boolean {
    let entry: unknown;
    try {
      entry = JSON.parse(data);
    } catch {
      entry = undefined;
    }
    if (!isEntry(entry)) {
      this.#host.fail(new TypeError(`an entry event without an ENTRY: ${data.slice(0, 120)}`));
      return false;
    }
    this.#host.deliver(entry);
    return true;
  }

  #setState(state: ConnectionStatus['state']): void {
    this.state = state;
    this.#host.changed();
  }
}

function sameKey(a: string, b: string): boolean {
  return normalizeKey(a) === normalizeKey(b);
}
