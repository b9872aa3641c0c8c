import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './routes';

describe('routes', () => {
  it('parses every view', () => {
    expect(parseRoute('#/products')).toEqual({ view: 'products' });
    expect(parseRoute('#/queue')).toEqual({ view: 'queue' });
    expect(parseRoute('#/instances')).toEqual({ view: 'instances' });
    expect(parseRoute('#/live')).toEqual({ view: 'live' });
    expect(parseRoute('#/keys')).toEqual({ view: 'keys', product: null, key: null });
    expect(parseRoute('#/keys/store')).toEqual({ view: 'keys', product: 'store', key: null });
  });

  it('reads a key with its product from the first segment', () => {
    expect(parseRoute('#/key/store_daily_sales/3/2025-03-14'))
      .toEqual({ view: 'keys', product: 'store_daily_sales', key: 'store_daily_sales/3/2025-03-14' });
    expect(parseRoute('#/key/sales_summary')).toEqual({ view: 'keys', product: 'sales_summary', key: 'sales_summary' });
  });

  it('keeps an encoded slash inside a key value', () => {
    expect(parseRoute('#/key/files/a%2Fb')).toEqual({ view: 'keys', product: 'files', key: 'files/a%2Fb' });
  });

  it('falls back to the products view', () => {
    expect(parseRoute('')).toEqual({ view: 'products' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'products' });
  });

  it('formats routes that parse back to themselves', () => {
    const routes: Route[] = [
      { view: 'products' }, { view: 'queue' }, { view: 'live' },
      { view: 'keys', product: null, key: null }, { view: 'keys', product: 'store', key: null },
      { view: 'keys', product: 'city_store_ids', key: 'city_store_ids/S%C3%A3o%20Paulo' },
    ];
    for (const route of routes) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
    expect(formatRoute({ view: 'keys', product: 'city_store_ids', key: 'city_store_ids/São Paulo' }))
      .toBe('#/key/city_store_ids/S%C3%A3o%20Paulo');
  });
});
