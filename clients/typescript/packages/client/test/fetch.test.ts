import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeKck } from '@kck/fake-kck';
import { KckProblem, createClient, key } from '../src/index.js';

let kck: FakeKck;

beforeEach(async () => {
  kck = await FakeKck.start({ tokens: ['good'] });
  kck.set('store/1', { id: 1, name: 'Amsterdam Central' });
  kck.set('city_store_ids/Rio%2FNiter%C3%B3i', [7, 8]);
});
afterEach(() => kck.close());

describe('fetch', () => {
  it('resolves to the ENTRY', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const entry = await client.fetch(key('store', 1));
    expect(entry).toMatchObject({ key: 'store/1', value: { id: 1, name: 'Amsterdam Central' }, version: 1, stale: false });
    expect(kck.requests[0]?.headers.authorization).toBe('Bearer good');
  });

  it('sends an encoded slash as one segment', async () => {
    const client = createClient({ baseUrl: `${kck.url}/`, token: 'good' });
    const entry = await client.fetch(key('city_store_ids', 'Rio/Niterói'));
    expect(entry.value).toEqual([7, 8]);
    expect(kck.requests[0]?.path).toBe('/fetch/city_store_ids/Rio%2FNiter%C3%B3i');
  });

  it('asks for a key with a dot segment by query', async () => {
    kck.set(key('city_store_ids', '..'), [9]);
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    await expect(client.fetch(key('city_store_ids', '..'))).resolves.toMatchObject({ value: [9] });
    expect(kck.requests[0]?.query.get('key')).toBe('city_store_ids/..');
  });

  it('rejects with a KckProblem naming the key', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const error: unknown = await client.fetch('store/99').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KckProblem);
    expect(error).toMatchObject({ status: 404, key: 'store/99' });
  });

  it('calls the token function again after a 401 and retries once with the new token', async () => {
    const tokens = ['expired', 'good'];
    let calls = 0;
    const client = createClient({ baseUrl: kck.url, token: async () => tokens[calls++] });
    await expect(client.fetch('store/1')).resolves.toMatchObject({ key: 'store/1' });
    expect(calls).toBe(2);
    expect(kck.requests.map((request) => request.headers.authorization)).toEqual(['Bearer expired', 'Bearer good']);
    await client.fetch('store/1');
    expect(calls).toBe(2);
  });

  it('does not retry a 401 with a fixed token', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'bad' });
    await expect(client.fetch('store/1')).rejects.toMatchObject({ status: 401 });
    expect(kck.requests).toHaveLength(1);
  });

  it('gives up after one refresh when the new token is refused too', async () => {
    let calls = 0;
    const client = createClient({ baseUrl: kck.url, token: () => `bad-${++calls}` });
    await expect(client.fetch('store/1')).rejects.toMatchObject({ status: 401 });
    expect(kck.requests).toHaveLength(2);
  });
});

describe('fetchMany', () => {
  it('answers an entry or a problem per key, in the order asked', async () => {
    kck.forbid('store/2');
    kck.set('store/2', {});
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const results = await client.fetchMany(['store/1', 'store/2', 'store/99']);
    expect(results.map((result) => result.key)).toEqual(['store/1', 'store/2', 'store/99']);
    expect(results[0]?.entry?.value).toEqual({ id: 1, name: 'Amsterdam Central' });
    expect(results[1]?.problem).toBeInstanceOf(KckProblem);
    expect(results[1]?.problem?.status).toBe(403);
    expect(results[2]?.problem?.status).toBe(404);
  });

  it('splits more than 1000 keys into batches', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const keys = Array.from({ length: 2001 }, (_, index) => `store/${index % 2 === 0 ? 1 : 99}`);
    const results = await client.fetchMany(keys);
    expect(results).toHaveLength(2001);
    expect(kck.requestsTo('/fetch', 'POST')).toHaveLength(3);
    expect(results[2000]?.entry?.key).toBe('store/1');
  });
});

describe('poll', () => {
  it('is held until a new version exists, and answers with it at once', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const started = Date.now();
    const polled = client.poll('store/1', 1, 10);
    setTimeout(() => kck.set('store/1', { id: 1, name: 'renamed' }), 100);
    const entry = await polled;
    expect(entry).toMatchObject({ version: 2, value: { name: 'renamed' } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(kck.requests[0]?.headers).toMatchObject({ 'if-none-match': '"1"', prefer: 'wait=10' });
  });

  it('resolves to undefined when the wait runs out with nothing new (304)', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    await expect(client.poll('store/1', '"1"', 1)).resolves.toBeUndefined();
  });

  it('answers at once when the version held is not the current one, and caps the wait at 60 s', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    await expect(client.poll('store/1', 0, 600)).resolves.toMatchObject({ version: 1 });
    expect(kck.requests[0]?.headers.prefer).toBe('wait=60');
  });
});
