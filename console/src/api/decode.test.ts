import { describe, expect, it } from 'vitest';
import { ShapeError, array, decode, instant, nullable, number, object, string, withDefault } from './decode';

const row = object({ name: string, count: number, at: nullable(instant), tags: withDefault(array(string), []) });

describe('decoders', () => {
  it('decodes a matching object and ignores extra fields', () => {
    expect(decode(row, { name: 'a', count: 2, at: '2026-11-21T10:00:00.123Z', extra: true })).toEqual({
      name: 'a', count: 2, at: Date.UTC(2026, 10, 21, 10, 0, 0, 123), tags: [],
    });
  });

  it('accepts epoch milliseconds for a moment', () => {
    expect(decode(instant, 1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it('names the path of the field that does not fit', () => {
    expect(() => decode(array(row), [{ name: 'a', count: 1 }, { name: 'b', count: '2' }]))
      .toThrow('[1].count: expected a number, got "2"');
    expect(() => decode(object({ inner: object({ at: instant }) }), { inner: { at: 'yesterday' } }))
      .toThrow(ShapeError);
  });

  it('refuses NaN and a list where an object belongs', () => {
    expect(() => decode(number, Number.NaN)).toThrow(ShapeError);
    expect(() => decode(row, [])).toThrow('response: expected an object, got []');
  });
});
