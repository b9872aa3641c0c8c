import { describe, expect, it } from 'vitest';
import { Ring } from './ring';

describe('Ring', () => {
  it('keeps items oldest first until full', () => {
    const ring = new Ring<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
    expect(ring.last()).toBe(2);
  });

  it('drops the oldest items once full, across several wraps', () => {
    const ring = new Ring<number>(3);
    for (let i = 1; i <= 8; i++) {
      ring.push(i);
    }
    expect(ring.toArray()).toEqual([6, 7, 8]);
    expect(ring.size).toBe(3);
    expect(ring.last()).toBe(8);
  });

  it('empties on clear', () => {
    const ring = new Ring<string>(2);
    ring.push('a');
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(1.5)).toThrow(RangeError);
  });
});
