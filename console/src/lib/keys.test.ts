import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, keyPath, keySegments, keyValues, productOf } from './keys';

describe('keyPath', () => {
  it('leaves canonical server keys unchanged', () => {
    for (const key of ['store/3', 'store_daily_sales/1/2025-03-14', 'sales_summary', 'city_store_ids/S%C3%A3o%20Paulo',
      'a/x%2Fy', "odd/a-b._~!$&'()*+,;=:@"]) {
      expect(keyPath(key)).toBe(key);
    }
  });

  it('encodes what a person typed, segment by segment', () => {
    expect(keyPath('city_store_ids/New York')).toBe('city_store_ids/New%20York');
    expect(keyPath('city_store_ids/São Paulo')).toBe('city_store_ids/S%C3%A3o%20Paulo');
    expect(keyPath('q/a?b#c')).toBe('q/a%3Fb%23c');
  });

  it('keeps a slash inside a value encoded, never splitting it into two segments', () => {
    expect(keyPath('files/docs%2Freadme')).toBe('files/docs%2Freadme');
    expect(keySegments('files/docs%2Freadme')).toEqual(['files', 'docs/readme']);
  });

  it('takes malformed percent-encoding literally instead of throwing', () => {
    expect(decodeSegment('100%')).toBe('100%');
    expect(keyPath('discount/100%')).toBe('discount/100%25');
  });

  it('normalises lower-case hex to the canonical upper case', () => {
    expect(keyPath('city/s%c3%a3o')).toBe('city/s%C3%A3o');
  });
});

describe('segments', () => {
  it('names the product and the values', () => {
    expect(productOf('store_daily_sales/1/2025-03-14')).toBe('store_daily_sales');
    expect(keyValues('store_daily_sales/1/2025-03-14')).toEqual(['1', '2025-03-14']);
    expect(keyValues('sales_summary')).toEqual([]);
  });

  it('encodes emoji as four UTF-8 bytes', () => {
    expect(encodeSegment('🙂')).toBe('%F0%9F%99%82');
  });
});
