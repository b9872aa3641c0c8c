/** Live charts: the last minutes, built in the browser from the admin routes polled every 2 s. */
import { useId, useState } from 'react';
import { LineChart } from '../components/LineChart';
import { PageHeader } from '../components/PageHeader';
import { formatCount, formatDuration, formatMs, formatPercent, formatRate } from '../lib/format';
import { useConsole, useLive } from '../state/console';
import { useSeries } from '../state/series';

const WINDOWS = [
  { label: '1m', ms: 60_000 },
  { label: '5m', ms: 5 * 60_000 },
  { label: '15m', ms: 15 * 60_000 },
] as const;

export function LiveView() {
  const live = useLive();
  const { feed } = useConsole();
  const [scope, setScope] = useState<string | null>(null);
  const [windowMs, setWindowMs] = useState<number>(5 * 60_000);
  const { series, now } = useSeries(scope);
  const scopeId = useId();
  const covered = series.at.length < 2 ? 0 : (series.at[series.at.length - 1] ?? 0) - (series.at[0] ?? 0);
  const common = { at: series.at, now, windowMs, height: 200 };
  const perProduct = scope === null ? 'slowest product' : scope;

  return (
    <>
      <PageHeader
        title="Live charts"
        subtitle={`Polled every ${feed.intervalMs / 1000} s since this page opened (${formatDuration(covered)} so far); rates from counter differences.`}
        actions={(
          <div className="toolbar">
            <label className="field-inline" htmlFor={scopeId}>
              <span className="muted">Scope</span>
              <select id={scopeId} className="select" value={scope ?? ''} onChange={(event) => setScope(event.target.value === '' ? null : event.target.value)}>
                <option value="">All products</option>
                {(live.products ?? []).map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
              </select>
            </label>
            <div className="segmented" role="group" aria-label="Time window">
              {WINDOWS.map((w) => (
                <button key={w.label} type="button" aria-pressed={windowMs === w.ms} onClick={() => setWindowMs(w.ms)}>{w.label}</button>
              ))}
            </div>
          </div>
        )}
      />
      <div className="chart-grid chart-grid-2">
        <div className="panel chart-panel">
          <LineChart title="Hit ratio" {...common} yMax={1} format={(v) => formatPercent(v, 0)}
            lines={[{ label: 'hit ratio', values: series.hitRatio, color: 1 }]}
            description="Hits over hits and misses in each 2 s interval; gaps where nothing was fetched." />
        </div>
        <div className="panel chart-panel">
          <LineChart title="Stale serves per second" {...common} format={formatRate}
            lines={[{ label: 'stale/s', values: series.stalePerSecond, color: 3 }]} />
        </div>
        <div className="panel chart-panel">
          <LineChart title="Refresh queue depth" {...common} format={formatCount}
            lines={[{ label: 'depth', values: series.queueDepth, color: 2 }]} description="The whole cluster's queue, whatever the scope." />
        </div>
        <div className="panel chart-panel">
          <LineChart title={`Primer time (${perProduct})`} {...common} format={formatMs}
            lines={[{ label: 'p50', values: series.primerP50Ms, color: 2 }, { label: 'p99', values: series.primerP99Ms, color: 1 }]} />
        </div>
        <div className="panel chart-panel">
          <LineChart title="Fetches per second" {...common} format={formatRate}
            lines={[{ label: 'fetches/s', values: series.fetchesPerSecond, color: 1 }]} />
        </div>
        <div className="panel chart-panel">
          <LineChart title="Primer runs per second" {...common} format={formatRate}
            lines={[{ label: 'runs/s', values: series.primerRunsPerSecond, color: 2 }]} />
        </div>
      </div>
    </>
  );
}
