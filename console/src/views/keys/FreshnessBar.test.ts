import { describe, expect, it } from 'vitest';
import { freshState, freshnessLayout } from './FreshnessBar';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

describe('freshness', () => {
  it('names the state of a key', () => {
    expect(freshState({ modified: 0, freshUntil: MINUTE, expires: DAY, now: 1000 })).toBe('fresh');
    expect(freshState({ modified: 0, freshUntil: MINUTE, expires: DAY, now: 2 * MINUTE })).toBe('stale');
    expect(freshState({ modified: 0, freshUntil: MINUTE, expires: DAY, now: DAY })).toBe('expired');
    expect(freshState({ modified: 0, freshUntil: null, expires: null, now: DAY })).toBe('unbounded');
  });

  it('gives the fresh and stale windows half the bar each, whatever their lengths', () => {
    const halfFresh = freshnessLayout({ modified: 0, freshUntil: MINUTE, expires: DAY, now: MINUTE / 2 });
    expect(halfFresh.segments.map((s) => s.tone)).toEqual(['fresh', 'stale']);
    expect(halfFresh.position).toBeCloseTo(0.25);
    const justStale = freshnessLayout({ modified: 0, freshUntil: MINUTE, expires: DAY, now: MINUTE });
    expect(justStale.position).toBeCloseTo(0.5);
    expect(freshnessLayout({ modified: 0, freshUntil: MINUTE, expires: DAY, now: 2 * DAY }).position).toBe(1);
  });

  it('uses the whole bar for a key with only a ttl or only fresh_for', () => {
    const ttlOnly = freshnessLayout({ modified: 0, freshUntil: null, expires: 100, now: 25 });
    expect(ttlOnly.segments).toHaveLength(1);
    expect(ttlOnly.segments[0]?.label).toBe('expires');
    expect(ttlOnly.position).toBeCloseTo(0.25);
    expect(freshnessLayout({ modified: 0, freshUntil: 100, expires: null, now: 50 }).segments[0]?.label).toBe('stale');
  });
});
