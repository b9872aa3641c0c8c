import { normalizeKey, type Entry, type ValueOfKey } from '@kck/client';
import { use, useCallback, useMemo, useSyncExternalStore } from 'react';
import { useKckStore } from './provider.js';
import type { ProductState } from './store.js';

/** How {@link useProduct} watches its key. */
export interface UseProductOptions {
  /** Keep the value current as new versions come (one stream for the whole provider). Default true. */
  readonly live?: boolean;
  /** Suspend until the value is there, and throw a failure to the nearest error boundary. Default false. */
  readonly suspense?: boolean;
  /** Fetch again when the window regains focus (unless the stream carries the key). Default true. */
  readonly revalidateOnFocus?: boolean;
}

/** What {@link useProduct} returns. */
export interface ProductResult<Value> {
  /** The value: `entry.value`. */
  readonly data: Value | undefined;
  readonly entry: Entry<Value> | undefined;
  /** The last failure, a `KckProblem` when the server answered one; kept beside an older `data`. */
  readonly error: unknown;
  /** No value and no error yet. */
  readonly isLoading: boolean;
  /** The value is past its `fresh_for` and a refresh runs on the server. */
  readonly stale: boolean;
  /** Fetches the key now (deduplicated with any request in flight). */
  refetch(): Promise<Entry<Value>>;
}

/** What {@link useProduct} returns with `suspense: true`: the value is always there. */
export interface SuspenseProductResult<Value> extends ProductResult<Value> {
  readonly data: Value;
  readonly entry: Entry<Value>;
  readonly isLoading: false;
}

const IDLE: ProductState = Object.freeze({ entry: undefined, error: undefined, isLoading: false });
const noop = () => undefined;

/**
 * The value of one product key, live by default. Components watching the same key share its state and
 * its requests; `null` or `undefined` as the key watches nothing (for a key that depends on other data).
 *
 * @example
 * const { data, error, isLoading } = useProduct(key('store', id));
 */
export function useProduct<K extends string>(key: K, options: UseProductOptions & { readonly suspense: true }): SuspenseProductResult<ValueOfKey<K>>;
export function useProduct<K extends string>(key: K | null | undefined, options?: UseProductOptions): ProductResult<ValueOfKey<K>>;
export function useProduct(key: string | null | undefined, options: UseProductOptions = {}): ProductResult<unknown> {
  const store = useKckStore();
  const { live = true, suspense = false, revalidateOnFocus = true } = options;
  const normalized = key === null || key === undefined ? null : normalizeKey(key);

  const subscribe = useCallback(
    (listener: () => void) => (normalized === null ? noop : store.watch(normalized, listener, { live, revalidateOnFocus })),
    [store, normalized, live, revalidateOnFocus],
  );
  const getState = useCallback(() => (normalized === null ? IDLE : store.getState(normalized)), [store, normalized]);
  const state = useSyncExternalStore(subscribe, getState, getState);

  if (suspense && normalized !== null) {
    // use() on every render, so a render replayed after the suspension makes the same calls. A failure is
    // thrown while it is recent; after that, a remount (an error boundary's reset) tries again.
    if (state.entry === undefined && state.error !== undefined && store.isFresh(normalized)) throw state.error;
    use(store.suspender(normalized));
  }

  const refetch = useCallback(
    () => (normalized === null ? Promise.reject(new Error('useProduct has no key to fetch')) : store.load(normalized)),
    [store, normalized],
  );
  return useMemo(
    () => ({
      data: state.entry?.value,
      entry: state.entry,
      error: state.error,
      isLoading: state.isLoading,
      stale: state.entry?.stale ?? false,
      refetch,
    }),
    [state, refetch],
  );
}
