import { KckProblem } from './problem.js';
import type { TokenSource } from './token.js';

/** The fetch function the client calls: the platform's, or one given to `createClient`. */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** Sends requests to one KCK with the current token, and once more with a fresh token after a 401. */
export class Http {
  readonly baseUrl: string;
  readonly #tokens: TokenSource;
  readonly #fetch: FetchFunction;

  constructor(baseUrl: string, tokens: TokenSource, fetchFunction?: FetchFunction) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#tokens = tokens;
    // Looked up per call and called on globalThis: browsers refuse a detached `fetch`.
    this.#fetch = fetchFunction ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The response to `path` (which starts with `/`); HTTP errors resolve like any answer. */
  async send(path: string, init: RequestInit = {}): Promise<Response> {
    const token = await this.#tokens.get();
    const response = await this.#fetch(this.baseUrl + path, withToken(init, token));
    if (response.status !== 401 || !this.#tokens.refreshable) return response;
    const fresh = await this.#tokens.refresh(token);
    if (fresh === undefined || fresh === token) return response;
    await discard(response);
    return this.#fetch(this.baseUrl + path, withToken(init, fresh));
  }

  /** The JSON body of a successful answer; rejects with a {@link KckProblem} for any other. */
  async json<T>(path: string, init: RequestInit = {}, key?: string): Promise<{ body: T; response: Response }> {
    const response = await this.send(path, init);
    if (!response.ok) throw await KckProblem.fromResponse(response, key);
    return { body: (await response.json()) as T, response };
  }
}

function withToken(init: RequestInit, token: string | undefined): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/** Lets the connection go back to the pool without reading a body nobody wants. */
export async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or closed: nothing to free.
  }
}
