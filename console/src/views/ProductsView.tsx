/** Products: the cluster's headline numbers, then one row per product with its counters. */
import { useMemo, useState } from 'react';
import type { ProductPolicy, ProductStats } from '../api/schemas';
import { href } from '../app/useRoute';
import { Button } from '../components/Button';
import { SkeletonRows } from '../components/Empty';
import { PageHeader } from '../components/PageHeader';
import { ProblemNotice } from '../components/ProblemNotice';
import { Tile } from '../components/Tile';
import { RelativeTime } from '../components/Time';
import { WarmDialog } from '../components/WarmDialog';
import { formatCompact, formatCount, formatDuration, formatMs, formatPercent, formatRate } from '../lib/format';
import { hitRatio, latest } from '../lib/rates';
import { useConsole, useLive } from '../state/console';
import { useSeries } from '../state/series';

const TREND_MS = 5 * 60_000;

export function ProductsView() {
  const live = useLive();
  const [warming, setWarming] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Products" subtitle="Counters since the cluster's counters began; trends over the last 5 minutes, polled every 2 s." />
      <HeadlineTiles />
      {live.error !== null && live.products === null ? <ProblemNotice error={live.error} /> : null}
      <ProductsTable products={live.products} onWarm={setWarming} />
      <WarmDialog product={warming} onClose={() => setWarming(null)} />
    </>
  );
}

function HeadlineTiles() {
  const { series, now } = useSeries(null);
  const live = useLive();
  const trend = (values: readonly (number | null)[], color: 1 | 2 | 3 = 1, yMax?: number) =>
    ({ at: series.at, values, now, windowMs: TREND_MS, color, ...(yMax === undefined ? {} : { yMax }) });
  const failures = live.products?.reduce((sum, p) => sum + p.primerFailures, 0) ?? null;
  const ratio = latest(series.hitRatio);
  return (
    <div className="tiles">
      <Tile label="Fetches" value={formatRate(latest(series.fetchesPerSecond))} hint="per second, all products" trend={trend(series.fetchesPerSecond)} />
      <Tile label="Hit ratio" value={formatPercent(ratio)} hint="hits / (hits + misses)" tone={ratio !== null && ratio < 0.5 ? 'warn' : undefined}
        trend={trend(series.hitRatio, 1, 1)} />
      <Tile label="Stale serves" value={formatRate(latest(series.stalePerSecond))} hint="served stale while refreshing" trend={trend(series.stalePerSecond, 3)} />
      <Tile label="Queue depth" value={formatCompact(live.queue?.depth)} hint={live.queue?.oldestAgeMs == null ? 'refreshes waiting' : <>oldest waiting {formatDuration(live.queue.oldestAgeMs)}</>}
        trend={trend(series.queueDepth, 2)} />
      <Tile label="Primer p99" value={formatMs(latest(series.primerP99Ms))}
        hint={failures === null || failures === 0 ? 'slowest product, no failures' : <>slowest product · <span className="danger-text">{formatCount(failures)} failed runs</span></>}
        trend={trend(series.primerP99Ms, 3)} />
    </div>
  );
}

type Column = {
  id: string;
  label: string;
  title?: string;
  numeric: boolean;
  value: (p: ProductStats) => number | string | null;
};

const COLUMNS: Column[] = [
  { id: 'name', label: 'Product', numeric: false, value: (p) => p.name },
  { id: 'keys', label: 'Keys', title: 'Cached keys', numeric: true, value: (p) => p.keys },
  { id: 'hits', label: 'Hits', numeric: true, value: (p) => p.hits },
  { id: 'misses', label: 'Misses', numeric: true, value: (p) => p.misses },
  { id: 'ratio', label: 'Hit %', title: 'Hit ratio since the counters began', numeric: true, value: (p) => hitRatio(p.hits, p.misses) },
  { id: 'stale', label: 'Stale', title: 'Stale serves', numeric: true, value: (p) => p.staleServes },
  { id: 'runs', label: 'Primer runs', numeric: true, value: (p) => p.primerRuns },
  { id: 'failures', label: 'Failures', title: 'Primer failures', numeric: true, value: (p) => p.primerFailures },
  { id: 'p50', label: 'p50', title: 'Primer time, median', numeric: true, value: (p) => p.primerP50Ms },
  { id: 'p99', label: 'p99', title: 'Primer time, 99th percentile', numeric: true, value: (p) => p.primerP99Ms },
  { id: 'augments', label: 'Augments', title: 'Augmentations: updates applied in place', numeric: true, value: (p) => p.augmentations },
  { id: 'last', label: 'Last refresh', title: 'Last scheduled refresh', numeric: true, value: (p) => p.lastRefresh },
  { id: 'next', label: 'Next refresh', title: 'Next scheduled refresh', numeric: true, value: (p) => p.nextRefresh },
];

interface Sort {
  column: string;
  descending: boolean;
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  return typeof a === 'string' && typeof b === 'string' ? a.localeCompare(b) : Number(a) - Number(b);
}

function ProductsTable({ products, onWarm }: { products: ProductStats[] | null; onWarm: (product: string) => void }) {
  const { policies } = useConsole();
  const [sort, setSort] = useState<Sort>({ column: 'name', descending: false });
  const sorted = useMemo(() => {
    if (products === null) {
      return null;
    }
    const column = COLUMNS.find((c) => c.id === sort.column) ?? COLUMNS[0];
    if (column === undefined) {
      return products;
    }
    return [...products].sort((a, b) => {
      const order = compare(column.value(a), column.value(b));
      return sort.descending ? -order : order;
    });
  }, [products, sort]);

  return (
    <section className="panel" aria-labelledby="products-table-title">
      <div className="panel-head">
        <h2 className="panel-title" id="products-table-title">All products</h2>
        <span className="muted">{products === null ? '' : `${products.length} products`}</span>
      </div>
      <div className="table-wrap">
        <table className="data products-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <SortHeader key={column.id} column={column} sort={sort} onSort={setSort} />
              ))}
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {sorted === null ? <SkeletonRows rows={6} columns={COLUMNS.length + 1} /> : sorted.map((product) => (
              <ProductRow key={product.name} product={product} policy={policies.get(product.name)} onWarm={onWarm} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SortHeader({ column, sort, onSort }: { column: Column; sort: Sort; onSort: (sort: Sort) => void }) {
  const active = sort.column === column.id;
  return (
    <th scope="col" className={column.numeric ? 'num' : undefined} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined} title={column.title}>
      <button type="button" className="sort" onClick={() => onSort({ column: column.id, descending: active ? !sort.descending : column.numeric })}>
        {column.label}
        <span className="sort-mark" aria-hidden="true">{active ? (sort.descending ? '↓' : '↑') : ''}</span>
      </button>
    </th>
  );
}

function policyLine(policy: ProductPolicy | undefined): string {
  if (policy === undefined) {
    return '';
  }
  const parts = [
    policy.alwaysFresh ? 'always fresh' : null,
    policy.freshFor === null ? null : `fresh ${policy.freshFor}`,
    policy.ttl === null ? null : `ttl ${policy.ttl}`,
    policy.refreshEvery === null ? null : `every ${policy.refreshEvery}`,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'no freshness limit' : parts.join(' · ');
}

function ProductRow({ product, policy, onWarm }: { product: ProductStats; policy: ProductPolicy | undefined; onWarm: (product: string) => void }) {
  const ratio = hitRatio(product.hits, product.misses);
  return (
    <tr>
      <th scope="row">
        <div className="product-cell">
          <a className="product-link mono" href={href({ view: 'keys', product: product.name, key: null })}>{product.name}</a>
          <span className="product-policy" title={policy?.description ?? undefined}>{policyLine(policy)}</span>
        </div>
      </th>
      <td className="num">{formatCount(product.keys)}</td>
      <td className="num">{formatCount(product.hits)}</td>
      <td className="num">{formatCount(product.misses)}</td>
      <td className="num"><RatioCell ratio={ratio} /></td>
      <td className="num">{formatCount(product.staleServes)}</td>
      <td className="num">{formatCount(product.primerRuns)}</td>
      <td className={product.primerFailures > 0 ? 'num danger-text strong' : 'num muted'}>{formatCount(product.primerFailures)}</td>
      <td className="num">{formatMs(product.primerP50Ms)}</td>
      <td className="num">{formatMs(product.primerP99Ms)}</td>
      <td className="num">{formatCount(product.augmentations)}</td>
      <td className="num nowrap"><RelativeTime at={product.lastRefresh} /></td>
      <td className="num nowrap"><RelativeTime at={product.nextRefresh} /></td>
      <td className="actions">
        <Button size="sm" variant="ghost" icon="warm" onClick={() => onWarm(product.name)} aria-label={`Warm ${product.name}`} title="Queue a refresh of every key">
          Warm
        </Button>
      </td>
    </tr>
  );
}

function RatioCell({ ratio }: { ratio: number | null }) {
  return (
    <span className="ratio">
      <span className="ratio-text">{formatPercent(ratio)}</span>
      <span className="ratio-bar" aria-hidden="true"><span style={{ width: `${Math.round((ratio ?? 0) * 100)}%` }} /></span>
    </span>
  );
}
