/** The instances: every live member of the cluster, from its heartbeat in the store. */
import type { Instance } from '../api/schemas';
import { Dot, type Tone } from '../components/Badge';
import { Empty, SkeletonRows } from '../components/Empty';
import { PageHeader } from '../components/PageHeader';
import { ProblemNotice } from '../components/ProblemNotice';
import { RelativeTime } from '../components/Time';
import { formatDuration, formatInstant } from '../lib/format';
import { useNow } from '../state/clock';
import { useLive } from '../state/console';

/** Heartbeats older than these are worth a look. */
const LATE_MS = 15_000;
const SILENT_MS = 45_000;

function health(instance: Instance, now: number): { tone: Tone; label: string } {
  const silence = now - instance.lastSeen;
  if (silence > SILENT_MS) {
    return { tone: 'danger', label: 'silent' };
  }
  return silence > LATE_MS ? { tone: 'warn', label: 'late heartbeat' } : { tone: 'ok', label: 'alive' };
}

export function InstancesView() {
  const live = useLive();
  const now = useNow();
  const instances = live.instances;
  const claims = new Map<string, number>();
  for (const claim of live.queue?.claimed ?? []) {
    claims.set(claim.holder, (claims.get(claim.holder) ?? 0) + 1);
  }
  const versions = new Set(instances?.map((instance) => instance.version) ?? []);
  return (
    <>
      <PageHeader title="Instances" subtitle={instances === null ? 'From each instance\'s heartbeat in the store.'
        : `${instances.length} live${versions.size > 1 ? ` · ${versions.size} different versions` : ''} · from each instance's heartbeat in the store`} />
      {live.error !== null && instances === null ? <ProblemNotice error={live.error} /> : null}
      <section className="panel" aria-label="Instances">
        {instances !== null && instances.length === 0 ? <Empty title="No instances">No instance has a heartbeat in the store.</Empty> : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Host</th>
                  <th scope="col">Version</th>
                  <th scope="col" className="num">Up for</th>
                  <th scope="col" className="num">Started (UTC)</th>
                  <th scope="col" className="num">Last seen</th>
                  <th scope="col" className="num">Refreshing</th>
                </tr>
              </thead>
              <tbody>
                {instances === null ? <SkeletonRows rows={3} columns={7} /> : instances.map((instance) => {
                  const state = health(instance, now);
                  return (
                    <tr key={instance.id}>
                      <th scope="row"><span className="with-dot"><Dot tone={state.tone} label={state.label} /><span className="mono">{instance.id}</span></span></th>
                      <td className="mono">{instance.host}</td>
                      <td><span className={versions.size > 1 ? 'badge badge-warn' : 'badge badge-muted'}>{instance.version}</span></td>
                      <td className="num">{formatDuration(now - instance.started)}</td>
                      <td className="num nowrap" title={formatInstant(instance.started)}>{formatInstant(instance.started).slice(0, 19)}</td>
                      <td className={`num nowrap${state.tone === 'ok' ? '' : ` ${state.tone}-text`}`}><RelativeTime at={instance.lastSeen} /></td>
                      <td className="num">{claims.get(instance.id) ?? 0}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
