import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeKck } from '@kck/fake-kck';
import { KckProblem, createClient } from '../src/index.js';

let kck: FakeKck;
let runs: number;

beforeEach(async () => {
  kck = await FakeKck.start({ tokens: ['good'] });
  runs = 0;
  kck.set('my_purchases/alice', []);
  kck.updater('buy', {
    refreshes: () => ['my_purchases/alice'],
    run: (params, fake) => {
      runs++;
      fake.set('my_purchases/alice', [...((fake.get('my_purchases/alice')?.value as unknown[]) ?? []), params]);
      return 1;
    },
  });
});
afterEach(() => kck.close());

const backoff = { initialDelay: 5, maxDelay: 20 };

describe('update', () => {
  it('posts the parameters and resolves to the body', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const result = await client.update('buy', { store_id: 3, product_id: 7 });
    expect(result).toEqual({ updater: 'buy', rows: 1, refreshing: ['my_purchases/alice'], replayed: false });
    const request = kck.requests[0];
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBeUndefined();
  });

  it('sends an Idempotency-Key, and makes one up when asked to', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    await client.update('buy', { store_id: 3 }, { idempotencyKey: 'order-17' });
    const made = await client.update('buy', { store_id: 4 }, { idempotencyKey: true });
    expect(kck.requests[0]?.headers['idempotency-key']).toBe('order-17');
    expect(made.idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(kck.requests[1]?.headers['idempotency-key']).toBe(made.idempotencyKey);
  });

  it('retries a lost answer with the same key, and the write runs once', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good', backoff });
    kck.loseNextResponse('/update/buy');
    const result = await client.update('buy', { store_id: 3 }, { idempotencyKey: true });
    expect(result).toMatchObject({ rows: 1, replayed: true });
    expect(runs).toBe(1);
    const keys = kck.requestsTo('/update').map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('does not retry a lost answer without an idempotency key', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good', backoff });
    kck.loseNextResponse('/update/buy');
    await expect(client.update('buy', { store_id: 3 })).rejects.toBeInstanceOf(TypeError);
    expect(kck.requestsTo('/update')).toHaveLength(1);
  });

  it('retries a 503, which wrote nothing, waiting at least Retry-After', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good', backoff });
    kck.failNext('/update/buy', 503, 1, 1);
    const started = Date.now();
    await expect(client.update('buy', { store_id: 3 }, { retries: 1 })).resolves.toMatchObject({ rows: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('sends If-Match and returns the new ETag; a moved version is a 409 and nothing is written', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    const won = await client.update('buy', { store_id: 3 }, { ifMatch: 1 });
    expect(kck.requests[0]?.headers['if-match']).toBe('"1"');
    expect(won).toMatchObject({ etag: '"2"', version: 2 });
    const lost: unknown = await client.update('buy', { store_id: 4 }, { ifMatch: 1 }).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(KckProblem);
    expect(lost).toMatchObject({ status: 409 });
    expect(runs).toBe(1);
  });

  it('reports the same key with another body as a 422', async () => {
    const client = createClient({ baseUrl: kck.url, token: 'good' });
    await client.update('buy', { store_id: 3 }, { idempotencyKey: 'k' });
    await expect(client.update('buy', { store_id: 4 }, { idempotencyKey: 'k' })).rejects.toMatchObject({ status: 422 });
  });
});
