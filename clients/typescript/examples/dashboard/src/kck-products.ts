// Written by hand in the format of `java -jar target/kck.jar typegen` (clients/typescript/TYPEGEN.md), for the demo config.
import '@kck/client';

declare module '@kck/client' {
  interface KckProducts {
    /** The products of one category (Books, Clothing, Electronics, Garden, Grocery, Home, Sports, Toys), by id. */
    category_products: {
      params: [category: string];
      value: { id: number; sku: string; name: string; price: number }[];
    };
    /** The ids of the stores in one city, in ascending order ([] for a city without stores). */
    city_store_ids: {
      params: [city: string];
      value: number[];
    };
    /** The caller's 20 latest purchases, newest first. The username must be the token's sub; [] for a user with no purchases. */
    my_purchases: {
      params: [username: string];
      value: { sale_id: number; sold_at: string; store_name: string; product_name: string; quantity: number; amount: number }[];
    };
    /** The current price of one product. */
    product_price: {
      params: [product_id: number];
      value: number | null;
    };
    /** Sales totals per store over the whole year of sales (1M rows): number of sales, total and average amount, biggest total first. The demo's slow aggregate, a few hundred milliseconds to compute. */
    sales_summary: {
      params: [];
      value: { store_id: number; store_name: string; sales: number; total_amount: number; average_amount: number }[];
    };
    /** Number and total amount of all sales (1,000,000 rows and counting). Recomputing it scans the whole sales table; a record_sale update is instead added to the cached value in place (augmentation), and refresh_every recomputes it now and then to correct any drift. */
    sales_totals: {
      params: [];
      value: { sales: number; total_amount: number };
    };
    /** One store of the demo retail chain (name, city, opening date); 404 for an unknown id. */
    store: {
      params: [store_id: number];
      value: { id: number; name: string; city: string; opened_on: string };
    };
    /** Number and total amount of one store's sales on one day (UTC); zero when the store sold nothing that day, 404 for an unknown store. */
    store_daily_sales: {
      params: [store_id: number, day: string];
      value: { store_id: number; day: string; sales: number; total_amount: number };
    };
  }

  interface KckUpdaters {
    buy: {
      params: { customer?: string; store_id: number; product_id: number; quantity?: number | null };
    };
    record_sale: {
      params: { store_id: number; product_id: number; customer: string; quantity: number; amount: string | number };
    };
    set_price: {
      params: { product_id: number; price: string | number };
    };
  }
}
