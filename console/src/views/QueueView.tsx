/** The refresh queue: how deep and how old it is, and which keys are being worked on, by whom. */
import type { ClaimedRefresh } from '../api/schemas';
import { href } from '../app/useRoute';
import { Badge } from '../components/Badge';
import { Empty, SkeletonRows } from '../components/Empty';
import { LineChart } from '../components/LineChart';
import { PageHeader } from '../components/PageHeader';
import { ProblemNotice } from '../components/ProblemNotice';
import { Tile } from '../components/Tile';
import { RelativeTime } from '../components/Time';
import { formatCompact, formatCount, formatDuration } from '../lib/format';
import { productOf } from '../lib/keys';
import { useNow } from '../state/clock';
import { useLive } from '../state/console';
import { useSeries } from '../state/series';

const WINDOW_MS = 5 * 60_000;

export function QueueView() {
  const live = useLive();
  const { series, now } = useSeries(null);
  const queue = live.queue;
  const holders = new Set(queue?.claimed.map((claim) => claim.holder) ?? []);
  const trend = { at: series.at, now, windowMs: WINDOW_MS };
  return (
    <>
      <PageHeader title="Refresh queue" subtitle="Durable, deduplicated per key; each claim is held under a lease and retried elsewhere when it runs out." />
      <div className="tiles tiles-3">
        <Tile label="Depth" value={formatCompact(queue?.depth)} hint="refreshes waiting or claimed" trend={{ ...trend, values: series.queueDepth, color: 2 }} />
        <Tile label="Oldest waiting" value={queue?.oldestAgeMs == null ? '—' : formatDuration(queue.oldestAgeMs)}
          hint="age of the oldest request" tone={(queue?.oldestAgeMs ?? 0) > 60_000 ? 'warn' : undefined}
          trend={{ ...trend, values: series.oldestAgeMs, color: 3 }} />
        <Tile label="Claimed now" value={formatCount(queue?.claimed.length)} hint={`by ${holders.size} instance${holders.size === 1 ? '' : 's'}`} />
      </div>
      {live.error !== null && queue === null ? <ProblemNotice error={live.error} /> : null}
      <div className="chart-grid chart-grid-2">
        <div className="panel chart-panel">
          <LineChart title="Queue depth" at={series.at} now={now} windowMs={WINDOW_MS} format={formatCount}
            lines={[{ label: 'depth', values: series.queueDepth, color: 2 }]} height={160} />
        </div>
        <div className="panel chart-panel">
          <LineChart title="Oldest request age" at={series.at} now={now} windowMs={WINDOW_MS} format={formatDuration}
            lines={[{ label: 'oldest', values: series.oldestAgeMs, color: 3 }]} height={160} />
        </div>
      </div>
      <ClaimsTable claims={queue?.claimed ?? null} />
    </>
  );
}

function ClaimsTable({ claims }: { claims: ClaimedRefresh[] | null }) {
  const now = useNow();
  return (
    <section className="panel" aria-labelledby="claims-title">
      <div className="panel-head">
        <h2 className="panel-title" id="claims-title">Claimed refreshes</h2>
        <span className="muted">{claims === null ? '' : `${claims.length} in progress`}</span>
      </div>
      {claims !== null && claims.length === 0 ? (
        <Empty title="Nothing claimed">No instance is refreshing a key right now.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Holder</th>
                <th scope="col" className="num">Lease until</th>
                <th scope="col">Lease</th>
              </tr>
            </thead>
            <tbody>
              {claims === null ? <SkeletonRows rows={4} columns={4} /> : claims.map((claim) => {
                const expired = claim.leaseUntil <= now;
                return (
                  <tr key={`${claim.key} ${claim.holder}`}>
                    <th scope="row"><a className="mono" href={href({ view: 'keys', product: productOf(claim.key), key: claim.key })}>{claim.key}</a></th>
                    <td className="mono">{claim.holder}</td>
                    <td className="num nowrap"><RelativeTime at={claim.leaseUntil} /></td>
                    <td>{expired ? <Badge tone="danger" title="The holder did not finish in time; another instance will retry it">expired, will be retried</Badge> : <Badge tone="ok">held</Badge>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
