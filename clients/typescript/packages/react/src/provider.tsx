import type { ConnectionStatus, KckClient, Snapshot } from '@kck/client';
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { ProductStore, type StoreOptions } from './store.js';

const KckContext = createContext<ProductStore | null>(null);

/**
 * Where revalidation signals come from: call `focused()` when the app is looked at again and
 * `online()` when the network is back; return a function that stops listening. The default listens to
 * the window's `focus`, `visibilitychange` and `online` events where there is a window; on React Native
 * pass one built on `AppState` and NetInfo.
 */
export type RevalidationEvents = (signals: { focused(): void; online(): void }) => () => void;

/** Props of {@link KckProvider}. */
export interface KckProviderProps extends StoreOptions {
  /** The client every hook below uses. Create it once, outside components. */
  readonly client: KckClient;
  /** Entries fetched ahead with `prefetch` (server rendering): shown at once, not fetched again. */
  readonly snapshot?: Snapshot;
  /** See {@link RevalidationEvents}; `null` turns focus and reconnect revalidation off. */
  readonly revalidationEvents?: RevalidationEvents | null;
  readonly children?: ReactNode;
}

/**
 * Holds the cache of product values for the components below, and the ONE stream that keeps every
 * live key among them current.
 */
export function KckProvider({ client, snapshot, revalidationEvents = windowEvents, children, ...options }: KckProviderProps) {
  // The store lives as long as the client; later snapshots (client-side navigation) are merged in.
  // Options and the first snapshot are read once, when the store is made for this client.
  const store = useMemo(() => new ProductStore(client, options, snapshot), [client]);
  useEffect(() => store.start(), [store]);
  useEffect(() => {
    if (snapshot) store.hydrate(snapshot);
  }, [store, snapshot]);
  useEffect(() => revalidationEvents?.({ focused: () => store.focused(), online: () => store.online() }), [store, revalidationEvents]);
  return <KckContext value={store}>{children}</KckContext>;
}

/** The store of the nearest {@link KckProvider}. */
export function useKckStore(): ProductStore {
  const store = useContext(KckContext);
  if (!store) throw new Error('useProduct and the other KCK hooks need a <KckProvider> above them');
  return store;
}

/** The client of the nearest {@link KckProvider}, for updates and one-off fetches. */
export function useKckClient(): KckClient {
  return useKckStore().client;
}

/** The status of the provider's stream (undefined while no key is watched live): for a "live" badge. */
export function useKckStatus(): ConnectionStatus | undefined {
  const store = useKckStore();
  return useSyncExternalStore(
    (listener) => store.subscribeStatus(listener),
    () => store.getStatus(),
    () => undefined,
  );
}

/** The window's focus, visibility and online events, where there is a window with events. */
export const windowEvents: RevalidationEvents = ({ focused, online }) => {
  const target = typeof window === 'undefined' ? undefined : window;
  if (typeof target?.addEventListener !== 'function') return () => undefined;
  const visible = () => {
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') focused();
  };
  target.addEventListener('focus', focused);
  target.addEventListener('visibilitychange', visible);
  target.addEventListener('online', online);
  return () => {
    target.removeEventListener('focus', focused);
    target.removeEventListener('visibilitychange', visible);
    target.removeEventListener('online', online);
  };
};
