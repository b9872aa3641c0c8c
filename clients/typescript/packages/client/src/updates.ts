import { formatEtag, versionOfEtag } from './entries.js';
import type { Http } from './http.js';
import { KckProblem } from './problem.js';
import { abortError, backoffDelay, isAbortError, sleep, type BackoffOptions } from './timing.js';

/** How `client.update` sends a write. */
export interface UpdateOptions {
  /**
   * Sent as `Idempotency-Key`, so a retry cannot run the write twice: the server answers a repeat with
   * the first answer. `true` makes a random one. With a key, failures are retried (see `retries`).
   */
  readonly idempotencyKey?: string | true;
  /** Sent as `If-Match`: a version (quoted here) or an entity-tag list; a moved version is a 409. */
  readonly ifMatch?: number | string;
  /**
   * Retries after a 502, 503 or 504 (the server wrote nothing) and, with an idempotency key, after a
   * network failure or a 409 that means the first try is still running. Default 2 with an idempotency
   * key, else 0.
   */
  readonly retries?: number;
  readonly signal?: AbortSignal;
}

/** The body of `POST /update/{name}`, as the server wrote it. */
export interface UpdateResponse {
  readonly updater: string;
  /** Rows the updater's SQL changed. */
  readonly rows: number;
  /** Keys being refreshed or augmented (at most 100, only keys the caller may fetch). */
  readonly refreshing: readonly string[];
  /** How many keys are refreshed in all, when more than `refreshing` names. */
  readonly refreshing_total?: number;
  readonly [member: string]: unknown;
}

/** What `client.update` resolves to: the body, plus what the headers said. */
export interface UpdateResult extends UpdateResponse {
  /** The response's `ETag` (with `If-Match`: the key's new version), when there is one. */
  readonly etag?: string;
  /** The version `etag` names. */
  readonly version?: number;
  /** True when the server answered from its idempotency record (`Idempotent-Replayed: true`). */
  readonly replayed: boolean;
  /** The idempotency key sent, also when it was made up here. */
  readonly idempotencyKey?: string;
}

/** `POST /update/{name}`, with the retries {@link UpdateOptions} allows. */
export async function runUpdate(
  http: Http,
  name: string,
  params: object | readonly object[],
  options: UpdateOptions,
  backoff: BackoffOptions,
): Promise<UpdateResult> {
  const idempotencyKey = options.idempotencyKey === true ? randomKey() : options.idempotencyKey;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  if (options.ifMatch !== undefined) headers['if-match'] = formatEtag(options.ifMatch);
  const init: RequestInit = { method: 'POST', headers, body: JSON.stringify(params) };
  if (options.signal) init.signal = options.signal;
  const retries = options.retries ?? (idempotencyKey !== undefined ? 2 : 0);

  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await http.send(`/update/${encodeURIComponent(name)}`, init);
    } catch (error) {
      if (isAbortError(error) || idempotencyKey === undefined || attempt >= retries) throw error;
      await sleep(backoffDelay(attempt, backoff), options.signal);
      continue;
    }
    if (response.ok) return result(response, idempotencyKey);
    const problem = await KckProblem.fromResponse(response);
    const again = isRetriable(problem.status, idempotencyKey !== undefined, options.ifMatch !== undefined);
    if (!again || attempt >= retries) throw problem;
    const wait = Math.max(backoffDelay(attempt, backoff), (problem.retryAfter ?? 0) * 1000);
    await sleep(wait, options.signal);
    if (options.signal?.aborted) throw abortError(options.signal);
  }
}

function isRetriable(status: number, idempotent: boolean, conditional: boolean): boolean {
  if (status === 502 || status === 503 || status === 504) return true;
  return status === 409 && idempotent && !conditional;
}

async function result(response: Response, idempotencyKey: string | undefined): Promise<UpdateResult> {
  const body = (await response.json()) as UpdateResponse;
  const etag = response.headers.get('etag');
  const version = versionOfEtag(etag);
  return {
    ...body,
    ...(etag !== null ? { etag } : {}),
    ...(version !== undefined ? { version } : {}),
    replayed: response.headers.get('idempotent-replayed') === 'true',
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}

/** A random idempotency key: a UUID where the platform has `crypto.randomUUID`. */
export function randomKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else bytes.forEach((_, index) => (bytes[index] = Math.floor(Math.random() * 256)));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
