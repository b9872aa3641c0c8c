/**
 * Live series from polled counters. `/admin/products` gives cumulative counters (hits, misses, stale
 * serves, primer runs); rates come from the difference between two polls divided by the time between
 * them, computed here in the browser. A counter that goes down was reset (an instance restarted): as in
 * Prometheus' rate(), its new value is taken as the increase. A gap longer than `maxGapMs` (a sleeping
 * laptop, a failed poll) breaks the line instead of drawing a slope across it.
 */

export interface ProductCounters {
  hits: number;
  misses: number;
  staleServes: number;
  primerRuns: number;
  primerFailures: number;
  primerP50Ms: number | null;
  primerP99Ms: number | null;
}

export interface Sample {
  /** When the poll answered, epoch ms. */
  at: number;
  /** Counters per product name; null when that poll failed. */
  products: ReadonlyMap<string, ProductCounters> | null;
  queueDepth: number | null;
  oldestAgeMs: number | null;
}

export interface LiveSeries {
  at: number[];
  hitRatio: (number | null)[];
  fetchesPerSecond: (number | null)[];
  stalePerSecond: (number | null)[];
  primerRunsPerSecond: (number | null)[];
  queueDepth: (number | null)[];
  oldestAgeMs: (number | null)[];
  primerP50Ms: (number | null)[];
  primerP99Ms: (number | null)[];
}

type CounterName = 'hits' | 'misses' | 'staleServes' | 'primerRuns';

/** The increase of a cumulative counter between two readings, reset-aware. */
export function counterDelta(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

/** Hits over all answered fetches; null when nothing was fetched (no traffic is not 0%, nor 100%). */
export function hitRatio(hits: number, misses: number): number | null {
  const total = hits + misses;
  return total > 0 ? hits / total : null;
}

interface Deltas {
  seconds: number;
  hits: number;
  misses: number;
  staleServes: number;
  primerRuns: number;
}

/** The summed increase of each counter over the products in scope (null = all), or null when unknown. */
export function deltasBetween(previous: Sample, current: Sample, scope: string | null, maxGapMs: number): Deltas | null {
  const elapsed = current.at - previous.at;
  if (previous.products === null || current.products === null || elapsed <= 0 || elapsed > maxGapMs) {
    return null;
  }
  const deltas: Deltas = { seconds: elapsed / 1000, hits: 0, misses: 0, staleServes: 0, primerRuns: 0 };
  for (const [name, now] of current.products) {
    const before = previous.products.get(name);
    if ((scope !== null && name !== scope) || before === undefined) {
      continue; // a product seen for the first time has no increase yet, not all of its history at once
    }
    for (const counter of ['hits', 'misses', 'staleServes', 'primerRuns'] as const satisfies readonly CounterName[]) {
      deltas[counter] += counterDelta(before[counter], now[counter]);
    }
  }
  return deltas;
}

/** The primer percentiles of one product, or for all products the slowest product's. */
function primerTimes(sample: Sample, scope: string | null): { p50: number | null; p99: number | null } {
  if (sample.products === null) {
    return { p50: null, p99: null };
  }
  if (scope !== null) {
    const counters = sample.products.get(scope);
    return { p50: counters?.primerP50Ms ?? null, p99: counters?.primerP99Ms ?? null };
  }
  let p50: number | null = null;
  let p99: number | null = null;
  for (const counters of sample.products.values()) {
    p50 = maxOf(p50, counters.primerP50Ms);
    p99 = maxOf(p99, counters.primerP99Ms);
  }
  return { p50, p99 };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) {
    return b;
  }
  return b === null ? a : Math.max(a, b);
}

/** Every chart's series from the samples, oldest first. The first sample has no rates. */
export function deriveSeries(samples: readonly Sample[], scope: string | null, maxGapMs = 10_000): LiveSeries {
  const series: LiveSeries = {
    at: [], hitRatio: [], fetchesPerSecond: [], stalePerSecond: [], primerRunsPerSecond: [], queueDepth: [],
    oldestAgeMs: [], primerP50Ms: [], primerP99Ms: [],
  };
  samples.forEach((sample, index) => {
    const previous = index > 0 ? samples[index - 1] : undefined;
    const deltas = previous === undefined ? null : deltasBetween(previous, sample, scope, maxGapMs);
    const times = primerTimes(sample, scope);
    series.at.push(sample.at);
    series.hitRatio.push(deltas === null ? null : hitRatio(deltas.hits, deltas.misses));
    series.fetchesPerSecond.push(deltas === null ? null : (deltas.hits + deltas.misses) / deltas.seconds);
    series.stalePerSecond.push(deltas === null ? null : deltas.staleServes / deltas.seconds);
    series.primerRunsPerSecond.push(deltas === null ? null : deltas.primerRuns / deltas.seconds);
    series.queueDepth.push(sample.queueDepth);
    series.oldestAgeMs.push(sample.oldestAgeMs);
    series.primerP50Ms.push(times.p50);
    series.primerP99Ms.push(times.p99);
  });
  return series;
}

/** The newest value of a series that is not a gap. */
export function latest(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) {
      return value;
    }
  }
  return null;
}
