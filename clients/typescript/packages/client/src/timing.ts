/** Exponential backoff with jitter, for reconnects and retries. */
export interface BackoffOptions {
  /** The delay before the first retry, in ms (default 500). */
  readonly initialDelay?: number;
  /** The longest delay, in ms (default 30 000). */
  readonly maxDelay?: number;
  /** A source of numbers in [0, 1), for tests (default Math.random). */
  readonly random?: () => number;
}

/**
 * The delay before retry number `attempt` (0 for the first): the exponential step capped at
 * `maxDelay`, of which a random half is kept ("equal jitter"), so clients that failed together do not
 * come back together, and none comes back at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialDelay = 500, maxDelay = 30_000, random = Math.random } = options;
  const step = Math.min(maxDelay, initialDelay * 2 ** Math.min(attempt, 30));
  return step / 2 + random() * (step / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A controller that aborts when any of `signals` does (AbortSignal.any is missing on some React
 * Native versions). Call `release` when done, to drop the listeners.
 */
export function linkedController(...signals: (AbortSignal | undefined)[]): {
  controller: AbortController;
  release: () => void;
} {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  for (const signal of present) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', abort, { once: true });
  }
  return {
    controller,
    release: () => present.forEach((signal) => signal.removeEventListener('abort', abort)),
  };
}

/** True for the error fetch and stream reads throw when their signal aborts. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** The reason an aborted signal carries, or an `AbortError` where the platform gives none. */
export function abortError(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * A signal that can be fired again and again: `wake()` aborts the current one (ending a sleep or a
 * request in progress) and hands out a fresh one. Used to reconnect at once without closing.
 */
export class Waker {
  #controller = new AbortController();

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  wake(): void {
    const woken = this.#controller;
    this.#controller = new AbortController();
    woken.abort();
  }
}
