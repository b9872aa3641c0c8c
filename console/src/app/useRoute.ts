import { useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, type Route } from './routes';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The route in the address bar's fragment, re-read on every hashchange. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = formatRoute(route);
}

export function href(route: Route): string {
  return formatRoute(route);
}
