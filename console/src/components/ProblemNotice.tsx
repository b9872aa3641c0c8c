import type { ApiError } from '../api/problem';
import { Icon } from './Icon';

/** An API error as the problem document told it: its title, then its detail. */
export function ProblemNotice({ error, compact = false, onRetry }: { error: ApiError; compact?: boolean; onRetry?: () => void }) {
  const title = error.kind === 'forbidden' ? 'This token needs the kck:admin scope' : error.problem.title;
  const detail = error.kind === 'forbidden' ? error.problem.detail ?? error.problem.title : error.problem.detail;
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
