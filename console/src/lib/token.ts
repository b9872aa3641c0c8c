/**
 * The console's bearer token. It arrives in the URL fragment (`/admin#token=JWT`), which browsers never
 * send to a server, or through the paste field. It is kept in sessionStorage (gone when the tab closes),
 * removed from the address bar as soon as it is read, and only ever sent in the Authorization header.
 */

export const TOKEN_STORAGE_KEY = 'kck-console-token';

/** The part of `Storage` the console uses, so tests can pass a Map-backed fake. */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface FragmentToken {
  token: string | null;
  /** The fragment to leave in the address bar: the route the fragment named, or the default route. */
  fragment: string;
}

/**
 * Reads `#token=...` (optionally followed by `&route=/queue`) from a fragment. A fragment without a
 * token is returned as it was, so ordinary routes such as `#/queue` are untouched.
 */
export function readFragmentToken(hash: string, defaultRoute = '#/products'): FragmentToken {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!body.startsWith('token=')) {
    return { token: null, fragment: hash };
  }
  const params = fragmentParams(body);
  const token = normalizeToken(params.get('token') ?? '');
  const route = params.get('route') ?? null;
  const fragment = route !== null && route.startsWith('/') ? `#${route}` : defaultRoute;
  return { token: token === '' ? null : token, fragment };
}

/** `a=1&b=2` without URLSearchParams' form rules, which would turn a `+` in an opaque token into a space. */
function fragmentParams(body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!params.has(name)) {
      params.set(name, decodeLeniently(value));
    }
  }
  return params;
}

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * What a person pasted, reduced to the bare token: surrounding space, a `Bearer ` prefix, quotes, or a
 * whole console URL with `#token=` are all accepted.
 */
export function normalizeToken(text: string): string {
  let token = text.trim();
  const inUrl = token.indexOf('#token=');
  if (inUrl >= 0) {
    token = readFragmentToken(token.slice(inUrl)).token ?? '';
  }
  token = token.replace(/^bearer\s+/i, '').trim();
  if (token.length >= 2 && /^(["']).*\1$/.test(token)) {
    token = token.slice(1, -1).trim();
  }
  return token;
}

export interface TokenLocation {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

/**
 * At start: takes a token from the fragment into storage and scrubs it from the address bar
 * (replaceState, so it is not left in history either), then returns the stored token, if any.
 */
export function bootstrapToken(
  location: TokenLocation,
  replaceUrl: (url: string) => void,
  storage: TokenStorage,
): string | null {
  const { token, fragment } = readFragmentToken(location.hash);
  if (token !== null) {
    storage.setItem(TOKEN_STORAGE_KEY, token);
    replaceUrl(`${location.pathname}${location.search}${fragment}`);
    return token;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

export function storeToken(storage: TokenStorage, token: string): void {
  storage.setItem(TOKEN_STORAGE_KEY, token);
}

export function forgetToken(storage: TokenStorage): void {
  storage.removeItem(TOKEN_STORAGE_KEY);
}

/** What the console can read from a JWT's payload without verifying it (the server verifies). */
export interface TokenClaims {
  sub: string | null;
  scopes: string[];
  /** Expiry, in epoch milliseconds. */
  expiresAt: number | null;
}

/** Decodes a JWT payload for display; null for an opaque or malformed token. */
export function describeToken(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) {
    return null;
  }
  try {
    const json = base64UrlDecode(parts[1]);
    const payload: unknown = JSON.parse(json);
    if (typeof payload !== 'object' || payload === null) {
      return null;
    }
    const claims = payload as Record<string, unknown>;
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : null,
      scopes: scopesOf(claims.scope ?? claims.scp),
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}

function scopesOf(claim: unknown): string[] {
  if (typeof claim === 'string') {
    return claim.split(/\s+/).filter((scope) => scope !== '');
  }
  if (Array.isArray(claim)) {
    return claim.filter((scope): scope is string => typeof scope === 'string');
  }
  return [];
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
