import { describe, expect, it } from 'vitest';
import { exactKey, matchesFilter } from './keyFilter';

describe('matchesFilter', () => {
  it('matches a part of the key, in any case', () => {
    expect(matchesFilter('store_daily_sales/3/2025-03-14', '03-1')).toBe(true);
    expect(matchesFilter('category_products/Books', 'books')).toBe(true);
    expect(matchesFilter('store/3', 'store/4')).toBe(false);
    expect(matchesFilter('store/3', '  ')).toBe(true);
  });

  it('matches the decoded form too', () => {
    expect(matchesFilter('city_store_ids/S%C3%A3o%20Paulo', 'são p')).toBe(true);
  });
});

describe('exactKey', () => {
  it('reads a whole key of the product', () => {
    expect(exactKey('store/3', 'store')).toBe('store/3');
    expect(exactKey(' city_store_ids/New York ', 'city_store_ids')).toBe('city_store_ids/New%20York');
  });

  it('takes bare parameter values as a key of the product', () => {
    expect(exactKey('3', 'store')).toBe('store/3');
    expect(exactKey('1/2025-03-14', 'store_daily_sales')).toBe('store_daily_sales/1/2025-03-14');
  });

  it('answers null for an empty filter', () => {
    expect(exactKey('', 'store')).toBeNull();
  });
});
