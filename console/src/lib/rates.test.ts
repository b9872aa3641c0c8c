import { describe, expect, it } from 'vitest';
import { counterDelta, deriveSeries, hitRatio, latest, type ProductCounters, type Sample } from './rates';

function counters(partial: Partial<ProductCounters>): ProductCounters {
  return { hits: 0, misses: 0, staleServes: 0, primerRuns: 0, primerFailures: 0, primerP50Ms: null, primerP99Ms: null, ...partial };
}

function sample(at: number, products: Record<string, Partial<ProductCounters>> | null, queueDepth: number | null = 0): Sample {
  return {
    at,
    products: products === null ? null : new Map(Object.entries(products).map(([name, c]) => [name, counters(c)])),
    queueDepth,
    oldestAgeMs: null,
  };
}

describe('counterDelta', () => {
  it('is the increase of a growing counter', () => {
    expect(counterDelta(10, 25)).toBe(15);
    expect(counterDelta(7, 7)).toBe(0);
  });

  it('takes the new value after a reset, as Prometheus does', () => {
    expect(counterDelta(1000, 12)).toBe(12);
  });
});

describe('hitRatio', () => {
  it('is hits over hits and misses', () => {
    expect(hitRatio(90, 10)).toBeCloseTo(0.9);
  });

  it('is unknown without traffic', () => {
    expect(hitRatio(0, 0)).toBeNull();
  });
});

describe('deriveSeries', () => {
  const samples = [
    sample(0, { a: { hits: 100, misses: 10, staleServes: 0, primerRuns: 10 }, b: { hits: 50, misses: 50 } }, 3),
    sample(2000, { a: { hits: 180, misses: 20, staleServes: 4, primerRuns: 12 }, b: { hits: 70, misses: 50 } }, 5),
  ];

  it('has no rates at the first sample', () => {
    const series = deriveSeries(samples.slice(0, 1), null);
    expect(series.hitRatio).toEqual([null]);
    expect(series.stalePerSecond).toEqual([null]);
    expect(series.queueDepth).toEqual([3]);
  });

  it('sums deltas over all products and divides by the seconds between polls', () => {
    const series = deriveSeries(samples, null);
    // a: +80 hits +10 misses, b: +20 hits +0 misses => 100 / 110
    expect(series.hitRatio[1]).toBeCloseTo(100 / 110);
    expect(series.fetchesPerSecond[1]).toBeCloseTo(55);
    expect(series.stalePerSecond[1]).toBeCloseTo(2);
    expect(series.primerRunsPerSecond[1]).toBeCloseTo(1);
    expect(series.queueDepth).toEqual([3, 5]);
  });

  it('narrows to one product', () => {
    const series = deriveSeries(samples, 'b');
    expect(series.hitRatio[1]).toBe(1);
    expect(series.stalePerSecond[1]).toBe(0);
  });

  it('breaks the line across a gap or a failed poll', () => {
    const gap = [samples[0]!, { ...samples[1]!, at: 60_000 }];
    expect(deriveSeries(gap, null, 10_000).hitRatio).toEqual([null, null]);
    const failed = [samples[0]!, sample(2000, null, null), sample(4000, { a: { hits: 200 } })];
    expect(deriveSeries(failed, null).hitRatio).toEqual([null, null, null]);
  });

  it('counts a product seen for the first time from its next poll on', () => {
    const appearing = [sample(0, { a: { hits: 10 } }), sample(1000, { a: { hits: 10 }, b: { hits: 500, misses: 500 } })];
    expect(deriveSeries(appearing, null).fetchesPerSecond[1]).toBe(0);
  });

  it('survives a counter reset without a negative rate', () => {
    const reset = [sample(0, { a: { hits: 1000, misses: 50 } }), sample(1000, { a: { hits: 30, misses: 10 } })];
    const series = deriveSeries(reset, null);
    expect(series.fetchesPerSecond[1]).toBe(40);
    expect(series.hitRatio[1]).toBeCloseTo(0.75);
  });

  it('shows the slowest product for all products, and the one for a scope', () => {
    const times = [sample(0, { a: { primerP50Ms: 5, primerP99Ms: 40 }, b: { primerP50Ms: 9, primerP99Ms: 12 }, c: {} })];
    expect(deriveSeries(times, null).primerP50Ms).toEqual([9]);
    expect(deriveSeries(times, null).primerP99Ms).toEqual([40]);
    expect(deriveSeries(times, 'b').primerP99Ms).toEqual([12]);
    expect(deriveSeries(times, 'c').primerP99Ms).toEqual([null]);
  });
});

describe('latest', () => {
  it('skips trailing gaps', () => {
    expect(latest([1, 2, null])).toBe(2);
    expect(latest([null])).toBeNull();
    expect(latest([])).toBeNull();
  });
});
