/**
 * The left column of the Keys view: product picker, filter box and the loaded keys as links. Arrow keys
 * move between rows; Enter in the filter opens the first match, or the whole key typed there.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { href, navigate } from '../../app/useRoute';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { ProblemNotice } from '../../components/ProblemNotice';
import { RelativeTime } from '../../components/Time';
import { formatCount } from '../../lib/format';
import { exactKey, matchesFilter } from '../../lib/keyFilter';
import { keySegments } from '../../lib/keys';
import { useLive } from '../../state/console';
import type { KeyPaging } from '../KeysView';

interface KeyListProps {
  product: string | null;
  selected: string | null;
  paging: KeyPaging;
  onLoadMore: () => void;
  onChooseProduct: (product: string) => void;
}

export function KeyList({ product, selected, paging, onLoadMore, onChooseProduct }: KeyListProps) {
  const { products } = useLive();
  const [filter, setFilter] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  const selectId = useId();
  const filterId = useId();

  const visible = useMemo(() => paging.keys.filter((item) => matchesFilter(item.key, filter)), [paging.keys, filter]);
  const typed = product === null ? null : exactKey(filter, product);
  const offerExact = typed !== null && !paging.keys.some((item) => item.key === typed) && filter.trim() !== '';

  const focusRow = (index: number) => {
    const links = listRef.current?.querySelectorAll<HTMLAnchorElement>('a.key-row');
    links?.[Math.max(0, Math.min(index, links.length - 1))]?.focus();
  };

  const onFilterKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(0);
    } else if (event.key === 'Enter' && product !== null) {
      event.preventDefault();
      const target = visible[0]?.key ?? (offerExact ? typed : null);
      if (target !== null) {
        navigate({ view: 'keys', product, key: target });
      }
    } else if (event.key === 'Escape') {
      setFilter('');
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const links = Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.key-row') ?? []);
    const index = links.findIndex((link) => link === document.activeElement);
    if (event.key === 'ArrowDown' || event.key === 'j') {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === 'ArrowUp' || event.key === 'k') {
      event.preventDefault();
      if (index <= 0) {
        document.getElementById(filterId)?.focus();
      } else {
        focusRow(index - 1);
      }
    }
  };

  return (
    <section className="panel key-list-panel" aria-label="Cached keys">
      <div className="key-list-tools">
        <label className="visually-hidden" htmlFor={selectId}>Product</label>
        <select id={selectId} className="select" value={product ?? ''} onChange={(event) => onChooseProduct(event.target.value)}>
          {product === null ? <option value="">Choose a product…</option> : null}
          {(products ?? []).map((p) => (
            <option key={p.name} value={p.name}>{p.name} ({formatCount(p.keys)})</option>
          ))}
        </select>
        <div className="search">
          <Icon name="search" />
          <label className="visually-hidden" htmlFor={filterId}>Filter keys</label>
          <input
            id={filterId}
            className="search-input mono"
            type="search"
            placeholder={product === null ? 'Filter keys' : `Filter, or a whole key: ${product}/…`}
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            onKeyDown={onFilterKey}
            disabled={product === null}
            data-shortcut="search"
            autoComplete="off"
            spellCheck={false}
          />
          <kbd className="search-kbd" aria-hidden="true">/</kbd>
        </div>
        <p className="key-count muted" aria-live="polite">
          {product === null ? '\u00a0' : listSummary(paging, visible.length, filter)}
        </p>
      </div>
      {paging.error === null ? null : <ProblemNotice error={paging.error} compact onRetry={onLoadMore} />}
      <ul className="key-list" ref={listRef} onKeyDown={onListKey} aria-label={product === null ? 'Keys' : `Keys of ${product}`}>
        {offerExact && product !== null && typed !== null ? (
          <li>
            <a className="key-row key-row-exact" href={href({ view: 'keys', product, key: typed })} title={typed} aria-current={selected === typed ? 'true' : undefined}>
              <span className="key-main mono"><KeyText keyText={typed} /></span>
              <span className="key-meta muted">open this key</span>
            </a>
          </li>
        ) : null}
        {visible.map((item) => (
          <li key={item.key}>
            <a className="key-row" href={href({ view: 'keys', product: product ?? '', key: item.key })} title={item.key} aria-current={selected === item.key ? 'true' : undefined}>
              <span className="key-main mono"><KeyText keyText={item.key} /></span>
              <span className="key-meta">
                {item.stale ? <span className="badge badge-warn">stale</span> : null}
                <span className="num muted">v{item.version}</span>
                <RelativeTime at={item.modified} className="muted" />
              </span>
            </a>
          </li>
        ))}
        {paging.loading ? Array.from({ length: paging.keys.length === 0 ? 8 : 2 }, (_, index) => (
          <li key={`loading-${index}`} className="key-row skeleton-line" aria-hidden="true"><span className="skeleton" /></li>
        )) : null}
      </ul>
      {product === null || paging.done ? null : (
        <div className="key-list-foot">
          <Button size="sm" onClick={onLoadMore} busy={paging.loading} disabled={paging.loading}>
            Load {paging.keys.length === 0 ? 'keys' : 'more'}
          </Button>
        </div>
      )}
    </section>
  );
}

function listSummary(paging: KeyPaging, shown: number, filter: string): string {
  const loaded = `${formatCount(paging.keys.length)}${paging.done ? '' : '+'} loaded`;
  const repeated = paging.repeated > 0 ? ` · ${paging.repeated} repeated by the server` : '';
  return filter.trim() === '' ? `${loaded}${repeated}` : `${formatCount(shown)} match · ${loaded}${repeated}`;
}

/**
 * A key as a row shows it: the list is of one product, so only its parameter values, decoded for
 * reading (a `/` inside a value stays `%2F`); a product without parameters shows its name.
 */
function KeyText({ keyText }: { keyText: string }) {
  const [product, ...values] = keySegments(keyText);
  if (values.length === 0) {
    return <span className="key-product">{product}</span>;
  }
  return (
    <span>
      {values.map((value, index) => (
        <span key={index}>{index === 0 ? null : <span className="key-sep"> / </span>}{value.replaceAll('/', '%2F')}</span>
      ))}
    </span>
  );
}
