/**
 * Where a key stands in its life: fresh from `modified` until `fresh until`, then stale (still served
 * while it refreshes) until `expires`. Fresh and stale windows can differ by orders of magnitude (1 min
 * against 1 day), so each gets its own half of the bar and "now" moves through the half it is in.
 */
import { formatRelative } from '../../lib/format';

export interface FreshnessProps {
  modified: number;
  freshUntil: number | null;
  expires: number | null;
  now: number;
}

export type FreshState = 'fresh' | 'stale' | 'expired' | 'unbounded';

export function freshState({ freshUntil, expires, now }: FreshnessProps): FreshState {
  if (expires !== null && now >= expires) {
    return 'expired';
  }
  if (freshUntil !== null && now >= freshUntil) {
    return 'stale';
  }
  return freshUntil === null && expires === null ? 'unbounded' : 'fresh';
}

interface Segment {
  tone: 'fresh' | 'stale';
  from: number;
  to: number;
  label: string;
}

/** The bar's segments, and where now sits along it, from 0 to 1. */
export function freshnessLayout({ modified, freshUntil, expires, now }: FreshnessProps): { segments: Segment[]; position: number } {
  const segments: Segment[] = [];
  const freshEnd = freshUntil ?? expires;
  if (freshEnd !== null) {
    segments.push({ tone: 'fresh', from: modified, to: freshEnd, label: freshUntil === null ? 'expires' : 'stale' });
  }
  if (freshUntil !== null && expires !== null && expires > freshUntil) {
    segments.push({ tone: 'stale', from: freshUntil, to: expires, label: 'expires' });
  }
  const share = segments.length === 0 ? 1 : 1 / segments.length;
  let position = segments.length === 0 ? 0 : 1;
  for (const [index, segment] of segments.entries()) {
    if (now < segment.to) {
      const within = (now - segment.from) / Math.max(1, segment.to - segment.from);
      position = (index + Math.min(1, Math.max(0, within))) * share;
      break;
    }
  }
  return { segments, position };
}

export function FreshnessBar(props: FreshnessProps) {
  const { freshUntil, expires, now } = props;
  if (freshUntil === null && expires === null) {
    return <p className="fresh-none muted">No freshness limit: served until something refreshes or invalidates it.</p>;
  }
  const { segments, position } = freshnessLayout(props);
  return (
    <div className="fresh" role="img" aria-label={`Stale ${formatRelative(freshUntil, now)}, expires ${formatRelative(expires, now)}`}>
      <div className="fresh-track">
        {segments.map((segment) => <span key={segment.tone} className={`fresh-seg fresh-${segment.tone}`} />)}
        <span className="fresh-now" style={{ left: `${position * 100}%` }} />
      </div>
      <div className="fresh-labels">
        <span>modified</span>
        {segments.map((segment) => (
          <span key={segment.tone} className="fresh-label">
            {segment.label} <span className="num">{formatRelative(segment.to, now)}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
