/** What every view needs: the API, the live feed, product policies, the token's claims and toasts. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AdminApi } from '../api/admin';
import type { ProductPolicy } from '../api/schemas';
import type { TokenClaims } from '../lib/token';
import type { LiveFeed, LiveSnapshot } from './liveFeed';

export interface Toast {
  tone: 'ok' | 'error' | 'info';
  title: string;
  detail?: string;
}

export interface ConsoleContextValue {
  api: AdminApi;
  feed: LiveFeed;
  policies: ReadonlyMap<string, ProductPolicy>;
  claims: TokenClaims | null;
  notify: (toast: Toast) => void;
  signOut: () => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (value === null) {
    throw new Error('useConsole outside <ConsoleContext>');
  }
  return value;
}

export function useLive(): LiveSnapshot {
  const { feed } = useConsole();
  return useSyncExternalStore(feed.subscribe, feed.getSnapshot);
}
