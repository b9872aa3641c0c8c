import type { KeyValue, ProductKey, ProductName, ProductParams } from './types.js';

const PRODUCT_NAME = /^[a-z][a-z0-9_]{0,62}$/;
/** encodeURIComponent escapes these, but KCK's canonical keys keep them (RFC 3986 sub-delims, ':' and '@'). */
const KEPT_BY_KCK = /%(?:24|26|2B|2C|3B|3D|3A|40)/g;

/**
 * Builds a key: the product name, then each value as one percent-encoded segment, so a `/` inside a
 * value is written `%2F`. The text matches the server's canonical form for string, int, long, bool and
 * uuid values; decimals, dates and timestamps are sent as given (pass their canonical text).
 *
 * @example key('store_daily_sales', 42, '2026-11-20') // 'store_daily_sales/42/2026-11-20'
 * @example key('city_store_ids', 'Rio/Niterói')        // 'city_store_ids/Rio%2FNiter%C3%B3i'
 * @throws TypeError for a product name KCK would refuse, RangeError for a number that has no exact key text
 */
export function key<P extends ProductName>(product: P, ...values: ProductParams<P>): ProductKey<P> {
  if (!PRODUCT_NAME.test(product)) {
    throw new TypeError(`not a product name: '${product}' (expected [a-z][a-z0-9_]{0,62})`);
  }
  let text: string = product;
  for (const value of values as readonly KeyValue[]) {
    text += '/' + encodeSegment(formatValue(value));
  }
  return text as ProductKey<P>;
}

/** Percent-encodes one key segment as KCK's canonical keys do (UTF-8, upper-case hex). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(KEPT_BY_KCK, decodeURIComponent);
}

/** The segments of key text, each percent-decoded once (the product name first). */
export function splitKey(keyText: string): string[] {
  return keyText.split('/').map(decodeLeniently);
}

/**
 * The canonical spelling of key text: each segment decoded once and encoded again, so that
 * `city/S%C3%A3o+Paulo`, `city/São+Paulo` and `city/S%c3%a3o%2BPaulo` compare equal. Values the server
 * rewrites by type (`store/007` is `store/7`) are not touched.
 */
export function normalizeKey(keyText: string): string {
  const [product = '', ...segments] = keyText.split('/');
  return [product, ...segments.map((segment) => encodeSegment(decodeLeniently(segment)))].join('/');
}

/**
 * The request path for a key: `/fetch/{key}`, or `/fetch?key=...` when a segment is `.` or `..`, which
 * URL parsers (fetch's too) would resolve as path steps even percent-encoded.
 */
export function keyPath(route: string, keyText: string): string {
  const dotted = keyText.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
  return dotted ? `${route}?key=${encodeURIComponent(keyText)}` : `${route}/${keyText}`;
}

function decodeLeniently(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function formatValue(value: KeyValue): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
        throw new RangeError(`${value} has no exact key text: pass a bigint or a string`);
      }
      return String(value);
    default:
      throw new TypeError(`not a key value: ${String(value)}`);
  }
}
