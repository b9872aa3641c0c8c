/** One cached key: what the cache knows of it, its dependencies, the operator's actions, its value. */
import { useState, type ReactNode } from 'react';
import type { KeyDetail as Detail } from '../../api/schemas';
import { href } from '../../app/useRoute';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyButton } from '../../components/CopyButton';
import { ProblemNotice } from '../../components/ProblemNotice';
import { RelativeTime } from '../../components/Time';
import { formatInstant, formatMs } from '../../lib/format';
import { keyValues, productOf } from '../../lib/keys';
import { useNow } from '../../state/clock';
import { useConsole } from '../../state/console';
import { asApiError, useResource } from '../../state/resource';
import { FreshnessBar, freshState, type FreshState } from './FreshnessBar';
import { ValuePanel } from './ValuePanel';

const STATE: Record<FreshState, { tone: Tone; label: string }> = {
  fresh: { tone: 'ok', label: 'fresh' },
  unbounded: { tone: 'ok', label: 'cached' },
  stale: { tone: 'warn', label: 'stale' },
  expired: { tone: 'danger', label: 'expired' },
};

export function KeyDetail({ keyText, onInvalidated }: { keyText: string; onInvalidated: (key: string) => void }) {
  const { api, feed, notify } = useConsole();
  const detail = useResource(`detail:${keyText}`, (signal) => api.key(keyText, signal), 2000);
  const [busy, setBusy] = useState<'refresh' | 'invalidate' | null>(null);
  const notCached = detail.error?.kind === 'not-found';

  const act = async (action: 'refresh' | 'invalidate') => {
    setBusy(action);
    try {
      if (action === 'refresh') {
        await api.refresh(keyText);
        notify({ tone: 'ok', title: 'Refresh queued', detail: keyText });
      } else {
        await api.invalidate(keyText);
        notify({ tone: 'ok', title: 'Invalidated everywhere', detail: keyText });
        onInvalidated(keyText);
      }
      detail.reload();
      feed.pollNow();
    } catch (error) {
      const problem = asApiError(error).problem;
      notify({ tone: 'error', title: problem.title, ...(problem.detail === null ? {} : { detail: problem.detail }) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <article className="panel key-detail" aria-labelledby="key-title">
      <header className="detail-head">
        <div className="detail-title-row">
          <h2 id="key-title" className="key-title mono">{breakable(keyText)}</h2>
          <CopyButton text={keyText} label="Copy key" />
        </div>
        <div className="detail-actions">
          <Button icon="refresh" busy={busy === 'refresh'} onClick={() => void act('refresh')} title="Queue a background refresh of this key">Refresh</Button>
          <ConfirmButton icon="trash" busy={busy === 'invalidate'} disabled={notCached} onConfirm={() => void act('invalidate')} confirmLabel="Confirm invalidate"
            title="Drop this key from every instance and the store">
            Invalidate
          </ConfirmButton>
        </div>
      </header>
      {notCached ? (
        <div className="not-cached" role="status">
          <p className="empty-title">Not cached</p>
          <p className="muted">No instance holds <span className="mono">{keyText}</span>. The next fetch computes it; Refresh queues that now.</p>
          {detail.error?.problem.detail == null ? null : <p className="muted mono">{detail.error.problem.detail}</p>}
        </div>
      ) : detail.data !== null ? (
        <>
          {detail.error === null ? null : <ProblemNotice error={detail.error} compact onRetry={detail.reload} />}
          <DetailBody detail={detail.data} />
        </>
      ) : detail.error !== null ? (
        <ProblemNotice error={detail.error} compact onRetry={detail.reload} />
      ) : (
        <DetailSkeleton />
      )}
      <ValuePanel keyText={keyText} version={detail.data?.version ?? null} cached={notCached ? false : detail.data === null ? null : true} />
    </article>
  );
}

/** Long keys wrap after a slash rather than in the middle of a value. */
function breakable(key: string): ReactNode {
  return key.split('/').map((segment, index) => (
    <span key={index}>{index === 0 ? null : <>/<wbr /></>}{segment}</span>
  ));
}

function DetailBody({ detail }: { detail: Detail }) {
  const now = useNow();
  const { policies } = useConsole();
  const state = STATE[freshState({ ...detail, now })];
  const parameters = policies.get(productOf(detail.key))?.parameters ?? [];
  const values = keyValues(detail.key);
  return (
    <>
      <div className="detail-status">
        <Badge tone={detail.stale ? 'warn' : state.tone}>{detail.stale ? 'stale' : state.label}</Badge>
        <span className="num">version <strong>{detail.version}</strong></span>
        {detail.computedBy === null ? null : <span>computed by <a className="mono" href={href({ view: 'instances' })}>{detail.computedBy}</a></span>}
        {detail.primerMs === null ? null : <span>in <strong className="num">{formatMs(detail.primerMs)}</strong></span>}
      </div>
      <FreshnessBar modified={detail.modified} freshUntil={detail.freshUntil} expires={detail.expires} now={now} />
      <dl className="facts">
        <Fact label="Modified"><RelativeTime at={detail.modified} /> <span className="fact-abs">{formatInstant(detail.modified)}</span></Fact>
        <Fact label="Fresh until"><RelativeTime at={detail.freshUntil} /> <span className="fact-abs">{formatInstant(detail.freshUntil)}</span></Fact>
        <Fact label="Expires"><RelativeTime at={detail.expires} /> <span className="fact-abs">{detail.expires === null ? 'never' : formatInstant(detail.expires)}</span></Fact>
        {values.length === 0 ? null : (
          <Fact label="Parameters">
            <span className="params">
              {values.map((value, index) => (
                <span key={index} className="param"><span className="muted">{parameters[index]?.name ?? `#${index + 1}`}</span> <span className="mono">{value}</span></span>
              ))}
            </span>
          </Fact>
        )}
      </dl>
      <div className="deps">
        <KeyLinks title="Depends on" hint="a new version of these refreshes this key" keys={detail.dependsOn} />
        <KeyLinks title="Dependents" hint="refreshed when this key gets a new version" keys={detail.dependents} />
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const SHOWN_LINKS = 8;

function KeyLinks({ title, hint, keys }: { title: string; hint: string; keys: string[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? keys : keys.slice(0, SHOWN_LINKS);
  return (
    <section className="dep-group" aria-label={title}>
      <h3 className="dep-title">{title} <span className="count-pill num">{keys.length}</span></h3>
      <p className="dep-hint muted">{hint}</p>
      {keys.length === 0 ? <p className="muted dep-none">none</p> : (
        <ul className="dep-list">
          {shown.map((key) => (
            <li key={key}><a className="dep-link mono" href={href({ view: 'keys', product: productOf(key), key })}>{key}</a></li>
          ))}
          {keys.length > shown.length ? (
            <li><button type="button" className="btn btn-ghost btn-sm" onClick={() => setAll(true)}>+{keys.length - shown.length} more</button></li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function DetailSkeleton() {
  return (
    <div className="detail-skeleton" aria-busy="true" aria-label="Loading key">
      <span className="skeleton" style={{ width: '40%' }} />
      <span className="skeleton" style={{ width: '100%', height: 10 }} />
      <span className="skeleton" style={{ width: '70%' }} />
      <span className="skeleton" style={{ width: '55%' }} />
    </div>
  );
}
