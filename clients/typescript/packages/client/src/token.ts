/**
 * Where bearer tokens come from: a fixed string, or a function (sync or async) that the client calls
 * when it first needs one, again after a 401, and again when the token it holds is a JWT whose `exp`
 * has come (a stream ends when its token expires). Return `undefined` or `null` for no token.
 */
export type TokenProvider = string | (() => string | null | undefined | Promise<string | null | undefined>);

/** Seconds before `exp` at which a held JWT counts as expired. */
const EXPIRY_MARGIN_MS = 5_000;

/** Holds the current token and asks the provider for another one, once at a time. */
export class TokenSource {
  readonly #provider: TokenProvider | undefined;
  readonly #now: () => number;
  #current: Promise<string | undefined> | undefined;

  constructor(provider: TokenProvider | undefined, now: () => number = Date.now) {
    this.#provider = provider;
    this.#now = now;
  }

  /** True when asking again can give a different token. */
  get refreshable(): boolean {
    return typeof this.#provider === 'function';
  }

  /** The token to send: the one held, or a new one when none is held or the held JWT has expired. */
  async get(): Promise<string | undefined> {
    if (typeof this.#provider !== 'function') return this.#provider || undefined;
    const held = this.#current ?? this.#ask();
    const token = await held;
    if (token === undefined || !this.#expired(token)) return token;
    return this.#current === held ? this.#ask() : this.get();
  }

  /**
   * A new token after `rejected` was refused. When another caller has already replaced `rejected`,
   * that replacement is shared instead of asking the provider once more.
   */
  async refresh(rejected: string | undefined): Promise<string | undefined> {
    if (typeof this.#provider !== 'function') return this.get();
    const held = this.#current;
    if (held) {
      const token = await held.catch(() => rejected);
      if (this.#current !== held) return this.get();
      if (token !== rejected) return token;
    }
    return this.#ask();
  }

  #ask(): Promise<string | undefined> {
    const provider = this.#provider as Exclude<TokenProvider, string>;
    const asked = Promise.resolve()
      .then(provider)
      .then((token) => token || undefined);
    this.#current = asked;
    asked.catch(() => {
      if (this.#current === asked) this.#current = undefined;
    });
    return asked;
  }

  #expired(token: string): boolean {
    const exp = jwtExpiry(token);
    return exp !== undefined && exp * 1000 - EXPIRY_MARGIN_MS <= this.#now();
  }
}

/** The `exp` claim (seconds) of a JWT, read without verifying it; undefined for anything else. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || typeof atob !== 'function') return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    const exp = typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
