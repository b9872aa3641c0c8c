/** Keys: pick a product, browse its cached keys page by page, open one to see its detail and value. */
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { ApiError } from '../api/problem';
import type { KeySummary } from '../api/schemas';
import { navigate } from '../app/useRoute';
import { Button } from '../components/Button';
import { PageHeader } from '../components/PageHeader';
import { WarmDialog } from '../components/WarmDialog';
import { initialPaging, nextRequest, pagingReducer, type PagingAction, type PagingState } from '../lib/paging';
import { useConsole, useLive } from '../state/console';
import { asApiError } from '../state/resource';
import { KeyDetail } from './keys/KeyDetail';
import { KeyList } from './keys/KeyList';
import { ProductChooser } from './keys/ProductChooser';

export const PAGE_SIZE = 100;

export type KeyPaging = PagingState<KeySummary, ApiError>;
const keyPagingReducer: (state: KeyPaging, action: PagingAction<KeySummary, ApiError>) => KeyPaging = pagingReducer;
const startPaging = (product: string | null): KeyPaging => initialPaging(product);

export function KeysView({ product, selected }: { product: string | null; selected: string | null }) {
  const { api } = useConsole();
  const live = useLive();
  const [paging, dispatch] = useReducer(keyPagingReducer, product, startPaging);
  const [warming, setWarming] = useState<string | null>(null);

  useEffect(() => {
    if (paging.product !== product) {
      dispatch({ type: 'reset', product });
    }
  }, [paging.product, product]);

  const loadMore = useCallback(() => {
    const request = nextRequest(paging);
    if (request === null || paging.product === null) {
      return;
    }
    dispatch({ type: 'request' });
    api.keys(paging.product, { limit: PAGE_SIZE, after: request.after }).then(
      (page) => dispatch({ type: 'loaded', generation: request.generation, page }),
      (error: unknown) => dispatch({ type: 'failed', generation: request.generation, error: asApiError(error) }),
    );
  }, [api, paging]);

  const firstPageWanted = paging.product === product && paging.keys.length === 0 && !paging.done && !paging.loading && paging.error === null;
  useEffect(() => {
    if (firstPageWanted) {
      loadMore();
    }
  }, [firstPageWanted, loadMore]);

  const stats = live.products?.find((p) => p.name === product) ?? null;
  const onInvalidated = useCallback((key: string) => dispatch({ type: 'removed', key }), []);

  return (
    <>
      <PageHeader
        title={product === null ? 'Keys' : <>Keys of <span className="mono">{product}</span></>}
        subtitle={product === null ? 'Choose a product to browse its cached keys.' : `${stats === null ? '' : `${stats.keys.toLocaleString('en-US')} cached · `}newest state of each key, polled every 2 s while open`}
        actions={product === null ? undefined : (
          <>
            <Button icon="refresh" onClick={() => dispatch({ type: 'reset', product })} title="Reload the list from the first page">Reload list</Button>
            <Button icon="warm" onClick={() => setWarming(product)}>Warm product</Button>
          </>
        )}
      />
      <div className="keys-layout">
        <KeyList
          key={product ?? ''}
          product={product}
          selected={selected}
          paging={paging}
          onLoadMore={loadMore}
          onChooseProduct={(name) => navigate({ view: 'keys', product: name, key: null })}
        />
        <div className="keys-detail">
          {selected !== null ? (
            <KeyDetail key={selected} keyText={selected} onInvalidated={onInvalidated} />
          ) : product === null ? (
            <ProductChooser />
          ) : (
            <div className="panel placeholder-panel">
              <p className="empty-title">Select a key</p>
              <p className="muted">Its version, freshness, dependencies and value appear here. Type a whole key in the filter and press Enter to open one that is not on the loaded pages.</p>
            </div>
          )}
        </div>
      </div>
      <WarmDialog product={warming} onClose={() => setWarming(null)} />
    </>
  );
}
