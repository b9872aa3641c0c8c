/** Any value `JSON.parse` can return. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [member: string]: JsonValue };

/**
 * ENTRY: a product value as KCK serves it (`GET /fetch/{key}`, stream events, batch results).
 *
 * @typeParam Value - the product's value shape (see {@link KckProducts})
 */
export interface Entry<Value = unknown> {
  /** The canonical key, as the server writes it (`store/3`, `city_store_ids/New%20York`). */
  readonly key: string;
  readonly value: Value;
  /** Grows with every new value of this key, cluster-wide. The `ETag` is this number, quoted. */
  readonly version: number;
  /** When the value was computed: ISO-8601, UTC. */
  readonly modified: string;
  /** True when the value is past its `fresh_for` and a refresh is under way. */
  readonly stale: boolean;
}

/** A value of a key segment: numbers for `int` and `long`, booleans for `bool`, text for the rest. */
export type KeyValue = string | number | bigint | boolean;

/** The shape every member of {@link KckProducts} has. */
export interface ProductDefinition {
  /** The parameter values in key order, as a labelled tuple: `[store_id: number]`. */
  readonly params: readonly KeyValue[];
  /** The value's JSON shape. */
  readonly value: unknown;
}

/**
 * The project's products, filled in by declaration merging from the file `kck typegen` writes
 * (format: TYPEGEN.md). While it is empty, any product name is accepted and values are `unknown`.
 *
 * @example
 * declare module '@kck/client' {
 *   interface KckProducts {
 *     store: { params: [store_id: number]; value: { id: number; name: string } };
 *   }
 * }
 */
export interface KckProducts {}

/** The shape every member of {@link KckUpdaters} has. */
export interface UpdaterDefinition {
  /** The body of one call: parameter names to values; optional ones (and claim-bound ones) marked `?`. */
  readonly params: object;
}

/** The project's updaters, filled in by declaration merging like {@link KckProducts}. */
export interface KckUpdaters {}

type IsEmpty<T> = [keyof T] extends [never] ? true : false;

/** A product name: one of {@link KckProducts} once it is filled in, else any string. */
export type ProductName = IsEmpty<KckProducts> extends true ? string : Extract<keyof KckProducts, string>;

/** The parameter values of product `P`, in key order. */
export type ProductParams<P extends string> = P extends keyof KckProducts
  ? KckProducts[P] extends { readonly params: infer A extends readonly KeyValue[] }
    ? A
    : never
  : readonly KeyValue[];

/** The value shape of product `P` (`unknown` for a product the registry does not know). */
export type ProductValue<P extends string> = P extends keyof KckProducts
  ? KckProducts[P] extends { readonly value: infer V }
    ? V
    : unknown
  : unknown;

/** The key text of product `P`: the name alone when it has no parameters, else `P/...`. */
export type ProductKey<P extends string> = IsEmpty<KckProducts> extends true
  ? string
  : ProductParams<P> extends readonly []
    ? P
    : `${P}/${string}`;

/** The product a key names: the text before its first `/`. */
export type ProductOfKey<K extends string> = K extends `${infer P}/${string}` ? P : K;

/** The value shape of the product a key names: `ValueOfKey<'store/3'>` is the `store` value. */
export type ValueOfKey<K extends string> = ProductValue<ProductOfKey<K>>;

/** An updater name: one of {@link KckUpdaters} once it is filled in, else any string. */
export type UpdaterName = IsEmpty<KckUpdaters> extends true ? string : Extract<keyof KckUpdaters, string>;

/** The body of one call of updater `U`. */
export type UpdaterParams<U extends string> = U extends keyof KckUpdaters
  ? KckUpdaters[U] extends { readonly params: infer A }
    ? A
    : never
  : Readonly<Record<string, JsonValue | undefined>>;
