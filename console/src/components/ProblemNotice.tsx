import type { ApiError } from '../api/problem';
import { Icon } from './Icon';

/** An API error as the problem document told it: its title, then its detail. */
export function ProblemNotice({ error, compact = false, onRetry }: { error: ApiError; compact?: boolean; onRetry?: () => void }) {
  const { title, detail } = error.problem;
  return (
    <div className={`notice notice-danger${compact ? ' notice-compact' : ''}`} role="alert">
      <Icon name="alert" />
      <div className="notice-text">
        <strong>{title}</strong>
        {detail === null ? null : <span className="notice-detail">{detail}</span>}
      </div>
      {onRetry === undefined ? null : (
        <button type="button" className="btn btn-ghost btn-sm" onClick={onRetry}>Retry</button>
      )}
    </div>
  );
}
