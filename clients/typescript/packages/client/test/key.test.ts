import { describe, expect, it } from 'vitest';
import { canonicalKey } from '@kck/fake-kck';
import { encodeSegment, key, normalizeKey, splitKey } from '../src/index.js';
import { keyPath } from '../src/key.js';

describe('key', () => {
  it('joins the product and its values with slashes', () => {
    expect(key('store_daily_sales', 42, '2026-11-20')).toBe('store_daily_sales/42/2026-11-20');
    expect(key('sales_summary')).toBe('sales_summary');
  });

  it('encodes a slash inside a value as %2F, so it stays one segment', () => {
    expect(key('city_store_ids', 'Rio/Niterói')).toBe('city_store_ids/Rio%2FNiter%C3%B3i');
    expect(splitKey(key('city_store_ids', 'a/b', 'c'))).toEqual(['city_store_ids', 'a/b', 'c']);
  });

  it('writes values in the same canonical form as the server', () => {
    for (const value of ['New York', 'a+b', 'x=1&y=2', 'mail@host:1', '100%', 'ünïcødé 🚀', "it's (ok)!*", '~._-', '?#[]']) {
      expect(key('city', value)).toBe(canonicalKey(`city/${encodeURIComponent(value)}`));
    }
  });

  it('writes numbers, bigints and booleans as their text', () => {
    expect(key('p', 7, 12345678901234567890n, true, false, -3, 1.5)).toBe('p/7/12345678901234567890/true/false/-3/1.5');
  });

  it('asks for keys with dot segments by query, where no URL parser resolves them as path steps', () => {
    expect(key('p', '..')).toBe('p/..');
    expect(keyPath('/fetch', 'p/1')).toBe('/fetch/p/1');
    for (const dotted of ['p/..', 'p/.', 'p/%2E%2e', 'p/.%2E/x']) {
      const path = keyPath('/fetch', dotted);
      expect(path).toBe(`/fetch?key=${encodeURIComponent(dotted)}`);
      expect(new URL(path, 'http://kck').searchParams.get('key')).toBe(dotted);
    }
    expect(keyPath('/fetch', 'p/...')).toBe('/fetch/p/...');
  });

  it('refuses numbers without an exact key text and names that are not product names', () => {
    expect(() => key('p', Number.NaN)).toThrow(RangeError);
    expect(() => key('p', 2 ** 60)).toThrow(/bigint/);
    expect(() => key('Store')).toThrow(TypeError);
    expect(() => key('store/1')).toThrow(TypeError);
    expect(() => key('')).toThrow(TypeError);
  });
});

describe('normalizeKey', () => {
  it('gives one spelling for every encoding of the same key', () => {
    expect(normalizeKey('city/S%C3%A3o+Paulo')).toBe('city/S%C3%A3o+Paulo');
    expect(normalizeKey('city/São+Paulo')).toBe('city/S%C3%A3o+Paulo');
    expect(normalizeKey('city/S%c3%a3o%2BPaulo')).toBe('city/S%C3%A3o+Paulo');
    expect(normalizeKey('city/New York')).toBe('city/New%20York');
  });

  it('keeps an encoded slash encoded and leaves broken escapes as they are', () => {
    expect(normalizeKey('city/a%2Fb')).toBe('city/a%2Fb');
    expect(normalizeKey('city/100%')).toBe('city/100%25');
  });

  it('encodes one segment at a time', () => {
    expect(encodeSegment('a/b c')).toBe('a%2Fb%20c');
  });
});
