/** The key browser's filter box: a case-insensitive match on the key text and its decoded form. */
import { keyPath, keySegments, productOf } from './keys';

export function matchesFilter(key: string, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') {
    return true;
  }
  return key.toLowerCase().includes(needle) || keySegments(key).join('/').toLowerCase().includes(needle);
}

/**
 * When the filter names one whole key of the product (`store/3`, or `3` for `store`), the key it names
 * in canonical form, so the browser can open a key that is not on the loaded pages.
 */
export function exactKey(filter: string, product: string): string | null {
  const text = filter.trim();
  if (text === '') {
    return null;
  }
  const key = productOf(text) === product ? text : `${product}/${text}`;
  return keyPath(key);
}
