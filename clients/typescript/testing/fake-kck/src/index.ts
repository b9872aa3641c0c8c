import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalKey, matchesEtag, preferredWait, problem, readBody, type Problem } from './http.js';

export { canonicalKey } from './http.js';

/** ENTRY, as the fake serves it. */
export interface FakeEntry {
  readonly key: string;
  readonly value: unknown;
  readonly version: number;
  readonly modified: string;
  readonly stale: boolean;
}

/** A request the fake received, in arrival order. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** When it arrived (Date.now()). */
  readonly at: number;
}

/** Which parts of the contract the fake has, to play today's server or a future one. */
export interface FakeKckOptions {
  /** `GET /subscribe?key=K1&key=K2` (multiplexed, resumable). false: 404, like a server without it. Default true. */
  readonly multiplex?: boolean;
  /** `Prefer: wait=N` on `GET /fetch`. false: ignored (304 at once), like a server without it. Default true. */
  readonly longPoll?: boolean;
  /** Bearer tokens accepted; absent: no authentication. */
  readonly tokens?: Iterable<string>;
}

/** An updater: the keys a call refreshes (the first is what `If-Match` names), and the write itself. */
export interface FakeUpdater {
  refreshes(params: Record<string, unknown>): string[];
  run(params: Record<string, unknown>, kck: FakeKck): number;
}

interface Stream {
  readonly response: ServerResponse;
  readonly keys: ReadonlySet<string>;
  readonly token: string | undefined;
}

interface Waiter {
  readonly keys: ReadonlySet<string>;
  answer(entry: FakeEntry | undefined): void;
}

interface Remembered {
  readonly body: string;
  answer?: { status: number; body: string; etag?: string };
}

/**
 * A KCK in miniature over node:http: fetch (with ETag, 304 and long polling), the batch, updates
 * (Idempotency-Key, If-Match, ETag), the multiplexed stream with `Last-Event-ID` resume, and bearer
 * tokens that can expire. Every request is recorded for assertions; faults can be injected.
 */
export class FakeKck {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #options: FakeKckOptions;
  readonly #entries = new Map<string, FakeEntry & { seq: number }>();
  readonly #forbidden = new Set<string>();
  readonly #tokens = new Map<string, number>();
  readonly #updaters = new Map<string, FakeUpdater>();
  readonly #idempotency = new Map<string, Remembered>();
  readonly #streams = new Set<Stream>();
  readonly #waiters = new Set<Waiter>();
  readonly #faults: { prefix: string; status: number; retryAfter?: number; lose?: boolean }[] = [];
  #seq = 0;

  private constructor(options: FakeKckOptions) {
    this.#options = options;
    for (const token of options.tokens ?? []) this.#tokens.set(token, Infinity);
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) send(response, problem(500, 'Internal error', String(error)));
      });
    });
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(options: FakeKckOptions = {}): Promise<FakeKck> {
    const kck = new FakeKck(options);
    await new Promise<void>((resolve) => kck.#server.listen(0, '127.0.0.1', resolve));
    return kck;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.#streams.size;
  }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string, method?: string): RecordedRequest[] {
    return this.requests.filter((each) => each.path.startsWith(prefix) && (method === undefined || each.method === method));
  }

  /** A new version of a key: pushed to its streams and waiting long polls. */
  set(key: string, value: unknown, stale = false): FakeEntry {
    const canonical = canonicalKey(key);
    const version = (this.#entries.get(canonical)?.version ?? 0) + 1;
    const seq = ++this.#seq;
    const entry = { key: canonical, value, version, modified: new Date().toISOString(), stale };
    this.#entries.set(canonical, { ...entry, seq });
    this.#publish(entry, seq);
    return entry;
  }

  get(key: string): FakeEntry | undefined {
    const stored = this.#entries.get(canonicalKey(key));
    if (!stored) return undefined;
    const { seq: _seq, ...entry } = stored;
    return entry;
  }

  /** The key answers 403 (a stream naming it: 403 naming it). */
  forbid(key: string): void {
    this.#forbidden.add(canonicalKey(key));
  }

  /** Accepts a token, until `lifetimeMs` from now: then requests with it get 401 and its streams end. */
  acceptToken(token: string, lifetimeMs = Infinity): void {
    const expires = Date.now() + lifetimeMs;
    this.#tokens.set(token, expires);
    if (Number.isFinite(lifetimeMs)) setTimeout(() => this.#expire(token), lifetimeMs).unref();
  }

  updater(name: string, updater: FakeUpdater): void {
    this.#updaters.set(name, updater);
  }

  /** The next `count` requests under `prefix` get `status` (503 with `Retry-After` when given). */
  failNext(prefix: string, status: number, count = 1, retryAfter?: number): void {
    for (let i = 0; i < count; i++) this.#faults.push({ prefix, status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** The next request under `prefix` is carried out, but its connection is cut instead of answered. */
  loseNextResponse(prefix: string): void {
    this.#faults.push({ prefix, status: 0, lose: true });
  }

  /** Cuts every open stream, as a network failure would. */
  dropStreams(): void {
    for (const stream of this.#streams) stream.response.socket?.destroy();
    this.#streams.clear();
  }

  /** Ends every open stream cleanly, with a `retry:` hint when given. */
  endStreams(retryMs?: number): void {
    for (const stream of this.#streams) {
      if (retryMs !== undefined) stream.response.write(`retry: ${retryMs}\n\n`);
      stream.response.end();
    }
    this.#streams.clear();
  }

  async close(): Promise<void> {
    this.dropStreams();
    for (const waiter of this.#waiters) waiter.answer(undefined);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    this.requests.push({ method: request.method ?? 'GET', path: rawPath, query: url.searchParams, headers: request.headers, at: Date.now() });
    const fault = this.#faults.findIndex((each) => rawPath.startsWith(each.prefix));
    const injected = fault >= 0 ? this.#faults.splice(fault, 1)[0] : undefined;
    if (injected && !injected.lose) {
      if (injected.retryAfter !== undefined) response.setHeader('retry-after', String(injected.retryAfter));
      return send(response, problem(injected.status, `HTTP ${injected.status}`, 'injected by the test'));
    }
    const token = this.#authenticate(request);
    if (token === null) {
      response.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return send(response, problem(401, 'Unauthorized', 'missing, expired or unknown token'));
    }
    const lose = injected?.lose === true ? () => response.socket?.destroy() : undefined;
    if (request.method === 'GET' && rawPath.startsWith('/fetch/')) return this.#fetch(request, response, rawPath.slice(7));
    if (request.method === 'GET' && rawPath === '/fetch') return this.#fetch(request, response, url.searchParams.get('key') ?? '');
    if (request.method === 'POST' && rawPath === '/fetch') return this.#batch(request, response);
    if (request.method === 'POST' && rawPath.startsWith('/update/')) {
      return this.#update(request, response, decodeURIComponent(rawPath.slice(8)), token, lose);
    }
    if (request.method === 'GET' && rawPath === '/subscribe' && this.#options.multiplex !== false) {
      return this.#subscribe(request, response, url.searchParams.getAll('key'), token);
    }
    send(response, problem(404, 'Not found', `Endpoint ${request.method} ${rawPath} not found`));
  }

  /** The token used (undefined when the fake has no authentication), or null for a 401. */
  #authenticate(request: IncomingMessage): string | undefined | null {
    if (this.#options.tokens === undefined && this.#tokens.size === 0) return undefined;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expires = token === undefined ? undefined : this.#tokens.get(token);
    return token !== undefined && expires !== undefined && expires > Date.now() ? token : null;
  }

  #lookup(rawKey: string): FakeEntry | Problem {
    const key = canonicalKey(rawKey);
    if (this.#forbidden.has(key)) return problem(403, 'Forbidden', `not allowed to read ${key}`, { key });
    return this.get(key) ?? problem(404, 'Not found', `no such key: ${key}`, { key });
  }

  async #fetch(request: IncomingMessage, response: ServerResponse, rawKey: string): Promise<void> {
    const found = this.#lookup(rawKey);
    if ('status' in found) return send(response, found);
    const ifNoneMatch = request.headers['if-none-match'];
    if (!matchesEtag(ifNoneMatch, found.version)) return sendEntry(response, found);
    const wait = preferredWait(request.headers.prefer);
    if (wait === undefined || this.#options.longPoll === false) return sendEntry(response, found, 304);
    response.setHeader('preference-applied', `wait=${wait}`);
    const waiter: Waiter = {
      keys: new Set([found.key]),
      answer: (entry) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        if (entry) sendEntry(response, entry);
        else sendEntry(response, this.get(found.key) ?? found, 304);
      },
    };
    const timer = setTimeout(() => waiter.answer(undefined), wait * 1000);
    this.#waiters.add(waiter);
    request.on('close', () => {
      clearTimeout(timer);
      this.#waiters.delete(waiter);
    });
  }

  /** The batch; with `versions` and `Prefer: wait=N`, one long poll over all its keys (held while none moved). */
  async #batch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(request)) as { keys?: unknown; versions?: Record<string, number> };
    const keys = Array.isArray(body.keys) ? body.keys.map(String) : [];
    if (keys.length > 1000) return send(response, problem(400, 'Bad request', 'at most 1000 keys', { parameter: 'keys' }));
    const versions = body.versions ?? {};
    const results = () =>
      keys.map((key) => {
        const found = this.#lookup(key);
        if ('status' in found) return { key, error: found };
        return versions[key] === found.version ? { key: found.key, version: found.version, not_modified: true } : found;
      });
    const now = results();
    const wait = preferredWait(request.headers.prefer);
    const unchanged = now.every((result) => 'not_modified' in result);
    if (wait === undefined || this.#options.longPoll === false || keys.length === 0 || !unchanged) {
      return sendJson(response, 200, { results: now });
    }
    response.setHeader('preference-applied', `wait=${wait}`);
    const waiter: Waiter = {
      keys: new Set(keys.map(canonicalKey)),
      answer: () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        sendJson(response, 200, { results: results() });
      },
    };
    const timer = setTimeout(() => waiter.answer(undefined), wait * 1000);
    this.#waiters.add(waiter);
    request.on('close', () => {
      clearTimeout(timer);
      this.#waiters.delete(waiter);
    });
  }

  async #update(request: IncomingMessage, response: ServerResponse, name: string, token: string | undefined, lose?: () => void): Promise<void> {
    const body = await readBody(request);
    const updater = this.#updaters.get(name);
    if (!updater) return send(response, problem(404, 'Not found', `no updater ${name}`));
    const idempotencyKey = request.headers['idempotency-key'];
    const memoryKey = typeof idempotencyKey === 'string' ? `${token ?? ''}|${name}|${idempotencyKey}` : undefined;
    const remembered = memoryKey === undefined ? undefined : this.#idempotency.get(memoryKey);
    if (remembered) {
      if (remembered.body !== body) return send(response, problem(422, 'Unprocessable', 'another body under this Idempotency-Key'));
      if (!remembered.answer) return send(response, problem(409, 'Conflict', 'the first call with this key is running'));
      response.setHeader('idempotent-replayed', 'true');
      if (remembered.answer.etag) response.setHeader('etag', remembered.answer.etag);
      return sendText(response, remembered.answer.status, remembered.answer.body);
    }
    const memory: Remembered = { body };
    if (memoryKey !== undefined) this.#idempotency.set(memoryKey, memory);
    const params = JSON.parse(body) as Record<string, unknown>;
    const refreshing = updater.refreshes(params);
    const ifMatch = request.headers['if-match'];
    const first = refreshing[0] === undefined ? undefined : this.get(refreshing[0]);
    if (typeof ifMatch === 'string' && !matchesEtag(ifMatch, first?.version ?? 0)) {
      if (memoryKey !== undefined) this.#idempotency.delete(memoryKey);
      return send(response, problem(409, 'Conflict', `${refreshing[0]} is not at ${ifMatch}`, { key: refreshing[0] }));
    }
    const rows = updater.run(params, this);
    const etag = typeof ifMatch === 'string' && refreshing[0] ? `"${this.get(refreshing[0])?.version ?? 0}"` : undefined;
    memory.answer = { status: 200, body: JSON.stringify({ updater: name, rows, refreshing }), ...(etag ? { etag } : {}) };
    if (lose) return lose();
    if (etag) response.setHeader('etag', etag);
    sendText(response, 200, memory.answer.body);
  }

  #subscribe(request: IncomingMessage, response: ServerResponse, rawKeys: string[], token: string | undefined): void {
    if (!(request.headers.accept ?? '').includes('text/event-stream')) {
      return send(response, problem(406, 'Not acceptable', 'ask for text/event-stream'));
    }
    if (rawKeys.length === 0 || rawKeys.length > 100) {
      return send(response, problem(400, 'Bad request', '1 to 100 keys', { parameter: 'key' }));
    }
    for (const rawKey of rawKeys) {
      const found = this.#lookup(rawKey);
      if ('status' in found) return send(response, found);
    }
    const keys = new Set(rawKeys.map(canonicalKey));
    response.writeHead(200, { 'content-type': 'text/event-stream;charset=utf-8', 'cache-control': 'no-cache' });
    response.flushHeaders();
    const since = Number(request.headers['last-event-id'] ?? -1);
    const initial = [...keys]
      .map((key) => this.#entries.get(key))
      .filter((entry): entry is FakeEntry & { seq: number } => entry !== undefined && entry.seq > since)
      .sort((a, b) => a.seq - b.seq);
    for (const { seq, ...entry } of initial) writeEvent(response, entry, seq);
    const stream: Stream = { response, keys, token };
    this.#streams.add(stream);
    request.on('close', () => this.#streams.delete(stream));
  }

  #publish(entry: FakeEntry, seq: number): void {
    for (const stream of this.#streams) if (stream.keys.has(entry.key)) writeEvent(stream.response, entry, seq);
    for (const waiter of [...this.#waiters]) if (waiter.keys.has(entry.key)) waiter.answer(entry);
  }

  #expire(token: string): void {
    this.#tokens.delete(token);
    for (const stream of [...this.#streams]) {
      if (stream.token !== token) continue;
      stream.response.end();
      this.#streams.delete(stream);
    }
  }
}

function writeEvent(response: ServerResponse, entry: FakeEntry, seq: number): void {
  response.write(`id: ${seq}\nevent: entry\ndata: ${JSON.stringify(entry)}\n\n`);
}

function sendEntry(response: ServerResponse, entry: FakeEntry, status = 200): void {
  response.setHeader('etag', `"${entry.version}"`);
  response.setHeader('cache-control', 'private, max-age=0');
  if (status === 304) {
    response.writeHead(304).end();
    return;
  }
  sendJson(response, status, entry);
}

function send(response: ServerResponse, body: Problem): void {
  response.writeHead(body.status, { 'content-type': 'application/problem+json' }).end(JSON.stringify(body));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
}
