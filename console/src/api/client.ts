/**
 * The HTTP layer: one `request` that adds the bearer token (only ever in the Authorization header),
 * a timeout, problem+json errors and shape checking. Endpoints live in `admin.ts`.
 */
import { ShapeError, decode, type Decoder } from './decode';
import { ApiError, networkProblem, problemFrom, shapeProblem } from './problem';

const TIMEOUT_MS = 10_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface Response<T> {
  data: T;
  headers: Headers;
  status: number;
}

export interface Transport {
  request<T>(path: string, decoder: Decoder<T> | null, options?: RequestOptions): Promise<Response<T | null>>;
}

export type FetchFunction = (input: string, init: RequestInit) => Promise<globalThis.Response>;

/**
 * `root` is where the API lives (see `apiRoot`), `token` is read on every call so a new token takes
 * effect at once, and `onAuthError` hears every 401/403 with the path that got it, so the page can
 * ask for another token (a 403 from /fetch only means this token may not read that product).
 */
export function createTransport(options: {
  root: string;
  token: () => string | null;
  onAuthError?: (error: ApiError, path: string) => void;
  fetch?: FetchFunction;
}): Transport {
  const fetchFn: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    async request<T>(path: string, decoder: Decoder<T> | null, request: RequestOptions = {}) {
      const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...request.headers };
      const token = options.token();
      if (token !== null) {
        headers.Authorization = `Bearer ${token}`;
      }
      if (request.body !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      const init: RequestInit = {
        method: request.method ?? 'GET',
        headers,
        credentials: 'omit',
        cache: 'no-store',
        signal: request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]),
      };
      if (request.body !== undefined) {
        init.body = JSON.stringify(request.body);
      }
      let response: globalThis.Response;
      try {
        response = await fetchFn(`${options.root}${path.replace(/^\//, '')}`, init);
      } catch (cause) {
        if (request.signal?.aborted === true) {
          throw cause;
        }
        throw new ApiError(networkProblem(cause));
      }
      const body = await readBody(response);
      if (!response.ok) {
        const error = new ApiError(problemFrom(response.status, response.statusText, body));
        if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
          options.onAuthError?.(error, path);
        }
        throw error;
      }
      if (decoder === null) {
        return { data: null, headers: response.headers, status: response.status };
      }
      try {
        return { data: decode(decoder, body), headers: response.headers, status: response.status };
      } catch (cause) {
        throw cause instanceof ShapeError ? new ApiError(shapeProblem(`${path.split('?')[0]}: ${cause.message}`)) : cause;
      }
    },
  };
}

async function readBody(response: globalThis.Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) {
    return null;
  }
  const text = await response.text();
  if (text === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
