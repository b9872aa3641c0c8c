/**
 * The key's current value, read with GET /fetch like any client would (the same token). It is read
 * when the key is opened and again when the detail shows a newer version; never for a key that is not
 * cached, because a fetch computes it: that takes an explicit click.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FetchedEntry } from '../../api/admin';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { JsonTree } from '../../components/JsonTree';
import { ProblemNotice } from '../../components/ProblemNotice';
import { formatBytes } from '../../lib/format';
import { useConsole } from '../../state/console';
import { useResource } from '../../state/resource';

type Mode = 'tree' | 'raw';

/** `cached`: null while the detail is still loading. */
export function ValuePanel({ keyText, version, cached }: { keyText: string; version: number | null; cached: boolean | null }) {
  const { api } = useConsole();
  const [request, setRequest] = useState(0);
  const [forced, setForced] = useState(false);
  const wanted = cached === true || forced;
  const value = useResource<FetchedEntry>(wanted ? `value:${keyText}:${request}` : null, (signal) => api.fetchValue(keyText, signal));
  const lastVersion = useRef<number | null>(null);

  useEffect(() => {
    const loaded = value.data?.entry.version ?? null;
    if (version !== null && loaded !== null && version > loaded && lastVersion.current !== version) {
      lastVersion.current = version;
      setRequest((n) => n + 1);
    }
  }, [version, value.data]);

  const [mode, setMode] = useState<Mode>('tree');
  const [openDepth, setOpenDepth] = useState(2);
  const [treeKey, setTreeKey] = useState(0);
  const text = useMemo(() => (value.data === null ? '' : JSON.stringify(value.data.entry.value, null, 2)), [value.data]);
  const bytes = value.data?.bytes ?? (value.data === null ? null : new TextEncoder().encode(JSON.stringify(value.data.entry.value)).length);

  const expand = (depth: number) => {
    setOpenDepth(depth);
    setTreeKey((n) => n + 1);
  };

  return (
    <section className="value" aria-labelledby="value-title">
      <div className="value-head">
        <h3 id="value-title" className="value-title">Value</h3>
        {value.data === null ? null : (
          <span className="value-meta muted">
            <span className="num">v{value.data.entry.version}</span>
            {value.data.cacheStatus === null ? null : <span className="mono" title="Cache-Status of the fetch">{value.data.cacheStatus}</span>}
            <span className="num">{formatBytes(bytes)}</span>
          </span>
        )}
        <div className="value-tools">
          {value.data === null ? null : (
            <>
              <div className="segmented" role="group" aria-label="Show as">
                <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')}>Tree</button>
                <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')}>Raw</button>
              </div>
              {mode === 'tree' ? (
                <>
                  <Button size="sm" variant="ghost" onClick={() => expand(Number.POSITIVE_INFINITY)}>Expand all</Button>
                  <Button size="sm" variant="ghost" onClick={() => expand(1)}>Collapse</Button>
                </>
              ) : null}
              <CopyButton text={text} label="Copy value as JSON" />
            </>
          )}
          {wanted ? <Button size="sm" icon="refresh" busy={value.loading} onClick={() => setRequest((n) => n + 1)}>Reload</Button> : null}
        </div>
      </div>
      <div className="value-body">
        {cached === null && !forced ? (
          <div className="value-loading"><span className="skeleton" /><span className="skeleton" /><span className="skeleton" /></div>
        ) : !wanted ? (
          <div className="value-empty">
            <p className="muted">Not loaded: fetching a key that is not cached computes it.</p>
            <Button size="sm" onClick={() => setForced(true)}>Fetch and compute</Button>
          </div>
        ) : value.error !== null ? (
          <ProblemNotice error={value.error} compact onRetry={() => setRequest((n) => n + 1)} />
        ) : value.data === null ? (
          <div className="value-loading"><span className="skeleton" /><span className="skeleton" /><span className="skeleton" /></div>
        ) : mode === 'tree' ? (
          <JsonTree key={treeKey} value={value.data.entry.value} openDepth={openDepth} />
        ) : (
          <pre className="json-raw mono" tabIndex={0}>{text}</pre>
        )}
      </div>
    </section>
  );
}
