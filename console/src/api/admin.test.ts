import { describe, expect, it } from 'vitest';
import { createAdminApi } from './admin';
import { createTransport, type FetchFunction } from './client';
import { ApiError } from './problem';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeServer(answer: (url: string, init: RequestInit) => Response): { calls: Call[]; fetch: FetchFunction } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return answer(url, init);
    },
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function header(call: Call | undefined, name: string): string | undefined {
  return (call?.init.headers as Record<string, string> | undefined)?.[name];
}

describe('admin API client', () => {
  it('sends the token only in the Authorization header', async () => {
    const server = fakeServer(() => json({ products: [] }));
    const api = createAdminApi(createTransport({ root: '/', token: () => 'se.cr.et', fetch: server.fetch }));
    await api.products();
    expect(server.calls[0]?.url).toBe('/admin/products');
    expect(header(server.calls[0], 'Authorization')).toBe('Bearer se.cr.et');
    expect(server.calls[0]?.init.credentials).toBe('omit');
  });

  it('encodes keys per segment in paths and the cursor in the query', async () => {
    const server = fakeServer((url) => (url.includes('/keys?')
      ? json({ keys: [], next: null })
      : json({ key: 'k', version: 1, modified: '2026-01-01T00:00:00Z', stale: false })));
    const api = createAdminApi(createTransport({ root: '/kck/', token: () => null, fetch: server.fetch }));
    await api.key('city_store_ids/São Paulo');
    await api.key('files/a%2Fb');
    await api.keys('store', { limit: 50, after: 'c/ursor=+' });
    expect(server.calls.map((call) => call.url)).toEqual([
      '/kck/admin/keys/city_store_ids/S%C3%A3o%20Paulo',
      '/kck/admin/keys/files/a%2Fb',
      '/kck/admin/keys?product=store&limit=50&after=c%2Fursor%3D%2B',
    ]);
  });

  it('decodes a key detail into the console model', async () => {
    const server = fakeServer(() => json({
      key: 'store_daily_sales/3/2025-03-14', version: 4, modified: '2026-11-21T10:00:00Z', stale: true,
      fresh_until: '2026-11-21T10:01:00Z', expires: null, depends_on: ['store/3'], dependents: [],
      computed_by: 'kck-a', primer_ms: 12.5,
    }));
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch }));
    const detail = await api.key('store_daily_sales/3/2025-03-14');
    expect(detail).toMatchObject({
      version: 4, stale: true, freshUntil: Date.parse('2026-11-21T10:01:00Z'), expires: null,
      dependsOn: ['store/3'], computedBy: 'kck-a', primerMs: 12.5,
    });
  });

  it('turns a problem document into an ApiError with its title and detail', async () => {
    const server = fakeServer(() => json({ type: 'https://kck.dev/problems/not-found', title: 'Not found', status: 404,
      detail: 'store/999 is not cached' }, 404, { 'Content-Type': 'application/problem+json' }));
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch }));
    const error = await api.key('store/999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('not-found');
    expect((error as ApiError).message).toBe('Not found: store/999 is not cached');
  });

  it('tells the page about 401 and 403, with the path, so it can ask for a token', async () => {
    const heard: string[] = [];
    for (const status of [401, 403]) {
      const server = fakeServer(() => json({ title: 'No', status }, status));
      const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch,
        onAuthError: (error, path) => heard.push(`${error.status} ${path}`) }));
      await expect(api.queue()).rejects.toBeInstanceOf(ApiError);
      await expect(api.fetchValue('sales_summary')).rejects.toBeInstanceOf(ApiError);
    }
    expect(heard).toEqual(['401 admin/queue', '401 fetch/sales_summary', '403 admin/queue', '403 fetch/sales_summary']);
  });

  it('does not treat a 404 or a 5xx as a token problem', async () => {
    const heard: number[] = [];
    for (const status of [404, 503]) {
      const server = fakeServer(() => json({ title: 'No', status }, status));
      const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch, onAuthError: (e) => heard.push(e.status) }));
      await expect(api.key('store/1')).rejects.toBeInstanceOf(ApiError);
    }
    expect(heard).toEqual([]);
  });

  it('reports a response of the wrong shape, naming the field', async () => {
    const server = fakeServer(() => json({ depth: '3', claimed: [] }));
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch }));
    await expect(api.queue()).rejects.toThrow('admin/queue: depth: expected a number, got "3"');
  });

  it('falls back to the status line for a body that is not a problem', async () => {
    const server = fakeServer(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch }));
    await expect(api.instances()).rejects.toMatchObject({ kind: 'server', message: 'Bad Gateway' });
  });

  it('reports an unreachable server as a network problem', async () => {
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: async () => { throw new TypeError('Failed to fetch'); } }));
    await expect(api.products()).rejects.toMatchObject({ kind: 'network', message: 'Cannot reach KCK: Failed to fetch' });
  });

  it('invalidates, refreshes and warms with the right methods and bodies', async () => {
    const server = fakeServer((url) => (url.includes('warm') ? json({ product: 'store', queued: 50 }, 202) : new Response(null, { status: url.includes('cache') ? 204 : 202 })));
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch }));
    await api.invalidate('store/3');
    await api.refresh('store/3');
    expect(await api.warm('store', null)).toEqual({ queued: 50 });
    expect(await api.warm('store', [{ store_id: 1 }])).toEqual({ queued: 50 });
    expect(server.calls.map((call) => `${call.init.method} ${call.url}`)).toEqual([
      'DELETE /cache/store/3', 'POST /refresh/store/3', 'POST /admin/warm/store', 'POST /admin/warm/store',
    ]);
    expect(server.calls[2]?.init.body).toBeUndefined();
    expect(server.calls[3]?.init.body).toBe('[{"store_id":1}]');
  });

  it('reads the value with its Cache-Status', async () => {
    const server = fakeServer(() => json({ key: 'store/3', value: { id: 3 }, version: 2, modified: '2026-11-21T10:00:00Z', stale: false },
      200, { 'Cache-Status': 'kck; hit; ttl=42' }));
    const api = createAdminApi(createTransport({ root: '/', token: () => 't', fetch: server.fetch }));
    const fetched = await api.fetchValue('store/3');
    expect(fetched.entry.value).toEqual({ id: 3 });
    expect(fetched.cacheStatus).toBe('kck; hit; ttl=42');
    expect(server.calls[0]?.url).toBe('/fetch/store/3');
  });
});
