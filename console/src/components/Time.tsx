import { formatInstant, formatRelative } from '../lib/format';
import { useNow } from '../state/clock';

/** A moment shown relative to now ("3m 12s ago"), exact in its tooltip and machine-readable. */
export function RelativeTime({ at, className }: { at: number | null; className?: string }) {
  const now = useNow();
  if (at === null) {
    return <span className="muted">—</span>;
  }
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatInstant(at)}>
      {formatRelative(at, now)}
    </time>
  );
}
