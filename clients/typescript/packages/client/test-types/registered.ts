// Compile-time checks (tsc -p tsconfig.types.json): how key() and fetch() are typed once the
// registry is filled in, the way the file `kck typegen` writes does it (TYPEGEN.md).
import { expectTypeOf } from 'vitest';
import { createClient, key, type Entry, type ProductKey, type ValueOfKey } from '../src/index.js';

interface Store {
  id: number;
  name: string;
}

declare module '../src/index.js' {
  interface KckProducts {
    store: { params: [store_id: number]; value: Store };
    sales_summary: { params: []; value: { store_id: number; total_amount: number }[] };
    store_daily_sales: { params: [store_id: number, day: string]; value: { sales: number } };
  }
  interface KckUpdaters {
    buy: { params: { customer?: string; store_id: number; product_id: number; quantity?: number | null } };
  }
}

expectTypeOf(key('store', 3)).toEqualTypeOf<`store/${string}`>();
expectTypeOf(key('sales_summary')).toEqualTypeOf<'sales_summary'>();
expectTypeOf(key('store_daily_sales', 1, '2025-03-14')).toEqualTypeOf<ProductKey<'store_daily_sales'>>();
// @ts-expect-error: store_id is a number
key('store', '3');
// @ts-expect-error: a parameter is missing
key('store_daily_sales', 1);
// @ts-expect-error: no such product
key('stores', 1);

expectTypeOf<ValueOfKey<'store/3'>>().toEqualTypeOf<Store>();
expectTypeOf<ValueOfKey<ReturnType<typeof key<'store'>>>>().toEqualTypeOf<Store>();
expectTypeOf<ValueOfKey<'unknown_product/1'>>().toBeUnknown();

const client = createClient({ baseUrl: '' });
expectTypeOf(client.fetch(key('store', 1))).resolves.toEqualTypeOf<Entry<Store>>();
expectTypeOf(client.fetch('sales_summary')).resolves.toEqualTypeOf<Entry<{ store_id: number; total_amount: number }[]>>();
void client.update('buy', { store_id: 1, product_id: 2 });
// @ts-expect-error: product_id is required
void client.update('buy', { store_id: 1 });
// @ts-expect-error: no such updater
void client.update('sell', {});
