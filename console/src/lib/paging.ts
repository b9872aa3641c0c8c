/**
 * The key browser's cursor paging: pages are appended as they arrive ("Load more"), the cursor the
 * server gave (`next`) is the only position kept, and a `generation` drops answers to a request made
 * for another product or before a reload, so a slow page never lands in the wrong list.
 */

export interface Keyed {
  key: string;
}

export interface Page<T extends Keyed> {
  keys: T[];
  next: string | null;
}

export interface PagingState<T extends Keyed, E> {
  product: string | null;
  generation: number;
  keys: T[];
  /** The cursor to ask for the next page with; null before the first page. */
  cursor: string | null;
  /** The server said there is nothing after the last page. */
  done: boolean;
  loading: boolean;
  error: E | null;
  /** Keys the server sent twice (a store whose paging repeats); not shown again, but counted. */
  repeated: number;
}

export type PagingAction<T extends Keyed, E> =
  | { type: 'reset'; product: string | null }
  | { type: 'request' }
  | { type: 'loaded'; generation: number; page: Page<T> }
  | { type: 'failed'; generation: number; error: E }
  | { type: 'removed'; key: string };

export function initialPaging<T extends Keyed, E>(product: string | null): PagingState<T, E> {
  return { product, generation: 0, keys: [], cursor: null, done: false, loading: false, error: null, repeated: 0 };
}

/** What the next request should carry, or null when none should be made now. */
export function nextRequest<T extends Keyed, E>(state: PagingState<T, E>): { after: string | null; generation: number } | null {
  if (state.product === null || state.done || state.loading) {
    return null;
  }
  return { after: state.cursor, generation: state.generation };
}

export function pagingReducer<T extends Keyed, E>(state: PagingState<T, E>, action: PagingAction<T, E>): PagingState<T, E> {
  switch (action.type) {
    case 'reset':
      return { ...initialPaging<T, E>(action.product), generation: state.generation + 1 };
    case 'request':
      return state.done || state.product === null ? state : { ...state, loading: true, error: null };
    case 'loaded': {
      if (action.generation !== state.generation) {
        return state;
      }
      const seen = new Set(state.keys.map((item) => item.key));
      const fresh = action.page.keys.filter((item) => !seen.has(item.key) && (seen.add(item.key), true));
      return {
        ...state,
        keys: [...state.keys, ...fresh],
        cursor: action.page.next,
        done: action.page.next === null,
        loading: false,
        repeated: state.repeated + action.page.keys.length - fresh.length,
      };
    }
    case 'failed':
      return action.generation !== state.generation ? state : { ...state, loading: false, error: action.error };
    case 'removed':
      return { ...state, keys: state.keys.filter((item) => item.key !== action.key) };
  }
}
