import { describe, expect, it } from 'vitest';
import type { AdminApi } from '../api/admin';
import { ApiError } from '../api/problem';
import type { ProductStats } from '../api/schemas';
import { LiveFeed, type Timer } from './liveFeed';

function stats(name: string, hits: number): ProductStats {
  return {
    name, keys: 1, hits, misses: 0, staleServes: 0, primerRuns: 1, primerFailures: 0, primerP50Ms: 1, primerP99Ms: 2,
    augmentations: 0, lastRefresh: null, nextRefresh: null,
  };
}

function manualTimer(): Timer & { pending: (() => void)[] } {
  const pending: (() => void)[] = [];
  return { pending, set: (callback) => pending.push(callback), clear: () => {} };
}

function fakeApi(overrides: Partial<AdminApi>): AdminApi {
  const notUsed = () => Promise.reject(new Error('not used'));
  return {
    products: async () => [stats('store', 10)],
    queue: async () => ({ depth: 2, oldestAgeMs: 1500, claimed: [] }),
    instances: async () => [],
    policies: notUsed, keys: notUsed, key: notUsed, fetchValue: notUsed, invalidate: notUsed, refresh: notUsed, warm: notUsed,
    ...overrides,
  };
}

describe('LiveFeed', () => {
  it('keeps the answers and one sample per poll', async () => {
    let clock = 1000;
    const feed = new LiveFeed(fakeApi({}), { now: () => clock, timer: manualTimer() });
    await feed.poll();
    clock = 3000;
    await feed.poll();
    const snapshot = feed.getSnapshot();
    expect(snapshot.products?.[0]?.name).toBe('store');
    expect(snapshot.queue?.depth).toBe(2);
    expect(snapshot.samples.map((s) => s.at)).toEqual([1000, 3000]);
    expect(snapshot.samples[0]?.products?.get('store')?.hits).toBe(10);
    expect(snapshot.lastSuccess).toBe(3000);
  });

  it('records a failed poll as a gap and keeps the last good answers', async () => {
    let fail = false;
    const feed = new LiveFeed(fakeApi({
      products: async () => {
        if (fail) {
          throw new ApiError({ type: null, title: 'Service unavailable', status: 503, detail: null });
        }
        return [stats('store', 1)];
      },
    }), { timer: manualTimer() });
    await feed.poll();
    fail = true;
    await feed.poll();
    const snapshot = feed.getSnapshot();
    expect(snapshot.error?.status).toBe(503);
    expect(snapshot.products?.[0]?.hits).toBe(1);
    expect(snapshot.samples[1]?.products).toBeNull();
    expect(snapshot.samples[1]?.queueDepth).toBe(2);
  });

  it('schedules the next poll only after one finishes, and stops on 401', async () => {
    const timer = manualTimer();
    let status = 200;
    const feed = new LiveFeed(fakeApi({
      queue: async () => {
        if (status !== 200) {
          throw new ApiError({ type: null, title: 'Unauthorized', status, detail: null });
        }
        return { depth: 0, oldestAgeMs: null, claimed: [] };
      },
    }), { timer });
    feed.start();
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timer.pending).toHaveLength(1);
    status = 401;
    timer.pending.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(feed.getSnapshot().polling).toBe(false);
    expect(feed.getSnapshot().error?.kind).toBe('unauthorized');
    expect(timer.pending).toHaveLength(0);
  });

  it('tells subscribers about every change', async () => {
    const feed = new LiveFeed(fakeApi({}), { timer: manualTimer() });
    let heard = 0;
    const unsubscribe = feed.subscribe(() => { heard += 1; });
    await feed.poll();
    unsubscribe();
    await feed.poll();
    expect(heard).toBe(1);
  });
});
