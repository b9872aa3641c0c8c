import { describe, expect, it } from 'vitest';
import { initialPaging, nextRequest, pagingReducer, type PagingAction, type PagingState } from './paging';

interface Row {
  key: string;
}

type State = PagingState<Row, string>;
const rows = (...keys: string[]): Row[] => keys.map((key) => ({ key }));

function run(state: State, ...actions: PagingAction<Row, string>[]): State {
  return actions.reduce(pagingReducer<Row, string>, state);
}

describe('cursor paging', () => {
  const start = run(initialPaging<Row, string>(null), { type: 'reset', product: 'store' });

  it('asks for the first page without a cursor', () => {
    expect(nextRequest(start)).toEqual({ after: null, generation: 1 });
  });

  it('appends pages and asks for the next with the cursor the server gave', () => {
    const g = start.generation;
    const state = run(start, { type: 'request' }, { type: 'loaded', generation: g, page: { keys: rows('store/1', 'store/2'), next: 'c2' } });
    expect(state.keys.map((r) => r.key)).toEqual(['store/1', 'store/2']);
    expect(nextRequest(state)).toEqual({ after: 'c2', generation: g });
    const end = run(state, { type: 'request' }, { type: 'loaded', generation: g, page: { keys: rows('store/3'), next: null } });
    expect(end.keys).toHaveLength(3);
    expect(end.done).toBe(true);
    expect(nextRequest(end)).toBeNull();
  });

  it('makes one request at a time', () => {
    const loading = run(start, { type: 'request' });
    expect(loading.loading).toBe(true);
    expect(nextRequest(loading)).toBeNull();
  });

  it('drops a page that answers a request made before a reset', () => {
    const old = start.generation;
    const state = run(start, { type: 'request' }, { type: 'reset', product: 'category_products' },
      { type: 'loaded', generation: old, page: { keys: rows('store/1'), next: 'c' } });
    expect(state.product).toBe('category_products');
    expect(state.keys).toEqual([]);
    expect(nextRequest(state)).toEqual({ after: null, generation: old + 1 });
  });

  it('shows a key the server repeats only once, and counts the repeat', () => {
    const g = start.generation;
    const state = run(start,
      { type: 'loaded', generation: g, page: { keys: rows('a', 'b'), next: 'c' } },
      { type: 'loaded', generation: g, page: { keys: rows('b', 'c', 'c'), next: null } });
    expect(state.keys.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(state.repeated).toBe(2);
  });

  it('keeps the cursor after a failed page so it can be retried', () => {
    const g = start.generation;
    const state = run(start, { type: 'loaded', generation: g, page: { keys: rows('a'), next: 'c1' } },
      { type: 'request' }, { type: 'failed', generation: g, error: 'boom' });
    expect(state.error).toBe('boom');
    expect(state.loading).toBe(false);
    expect(nextRequest(state)).toEqual({ after: 'c1', generation: g });
  });

  it('removes an invalidated key from the list', () => {
    const g = start.generation;
    const state = run(start, { type: 'loaded', generation: g, page: { keys: rows('a', 'b'), next: null } }, { type: 'removed', key: 'a' });
    expect(state.keys.map((r) => r.key)).toEqual(['b']);
  });

  it('makes no request without a product', () => {
    expect(nextRequest(initialPaging<Row, string>(null))).toBeNull();
  });
});
