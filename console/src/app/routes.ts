/**
 * Hash routes inside the page: `#/products`, `#/keys/{product}`, `#/key/{key...}`, `#/queue`,
 * `#/instances`, `#/live`. A key in a route is written as it is in an API path (`keyPath`), so what the
 * address bar shows can be pasted into curl. (`#token=...` is read and removed before routing.)
 */
import { keyPath, productOf } from '../lib/keys';

export type View = 'products' | 'keys' | 'queue' | 'instances' | 'live';

export type Route =
  | { view: 'products' }
  | { view: 'keys'; product: string | null; key: string | null }
  | { view: 'queue' }
  | { view: 'instances' }
  | { view: 'live' };

export const DEFAULT_ROUTE: Route = { view: 'products' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head = '', ...rest] = path.split('/');
  const tail = rest.join('/');
  switch (head) {
    case 'products':
    case 'queue':
    case 'instances':
    case 'live':
      return { view: head };
    case 'keys':
      return { view: 'keys', product: tail === '' ? null : decodeName(rest[0] ?? ''), key: null };
    case 'key':
      return tail === '' ? { view: 'keys', product: null, key: null } : { view: 'keys', product: productOf(tail), key: keyPath(tail) };
    default:
      return DEFAULT_ROUTE;
  }
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'keys':
      if (route.key !== null) {
        return `#/key/${keyPath(route.key)}`;
      }
      return route.product === null ? '#/keys' : `#/keys/${encodeURIComponent(route.product)}`;
    default:
      return `#/${route.view}`;
  }
}

function decodeName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
