import { describe, expect, it } from 'vitest';
import { areaPath, linePath, linearScale, nearestIndex, niceTicks, seriesMax, timeTicks } from './chart';

describe('niceTicks', () => {
  it('covers the maximum in round steps from zero', () => {
    expect(niceTicks(97)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.03)).toEqual([0, 0.01, 0.02, 0.03]);
  });

  it('gives a unit scale for an all-zero or empty series', () => {
    expect(niceTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe('paths', () => {
  it('draws a line through consecutive points', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: 20 }, { x: 10, y: 15 }])).toBe('M0 10L5 20L10 15');
  });

  it('breaks at gaps and draws a lone point as a dot', () => {
    expect(linePath([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 4 }, { x: 4, y: null }]))
      .toBe('M0 1L1 2M3 4h0');
  });

  it('fills each unbroken run down to the baseline', () => {
    expect(areaPath([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 4 }], 10)).toBe('M0 10L0 1L1 2L1 10Z');
  });

  it('maps a domain onto a range, inverted for screen y', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(0);
  });
});

describe('lookups', () => {
  it('finds the nearest sample', () => {
    expect(nearestIndex([0, 10, 20, 30], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20, 30], 16)).toBe(2);
    expect(nearestIndex([0, 10], 99)).toBe(1);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  it('aligns time ticks to the clock', () => {
    expect(timeTicks(61_000, 185_000, 60_000)).toEqual([120_000, 180_000]);
  });

  it('takes the maximum over series, ignoring gaps', () => {
    expect(seriesMax([[1, null, 3], [2]])).toBe(3);
    expect(seriesMax([[null]])).toBe(0);
  });
});
