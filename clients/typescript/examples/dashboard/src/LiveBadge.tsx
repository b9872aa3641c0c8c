import { useKckStatus } from '@kck/react';

/** How live values reach the page: one stream, or long polls, and whether they flow now. */
export function LiveBadge() {
  const status = useKckStatus();
  const label = !status
    ? 'offline'
    : status.state !== 'open'
      ? `${status.state} · ${status.transport}`
      : status.transport === 'stream'
        ? 'live · one stream'
        : status.serverWaits === false
          ? 'polling every 5 s (the server does not hold long polls)'
          : 'live · long polling';
  return (
    <span
      className={`badge ${status?.state ?? 'none'}${status?.serverWaits === false ? ' degraded' : ''}`}
      data-testid="connection"
      data-transport={status?.transport ?? ''}
      data-state={status?.state ?? ''}
      data-server-waits={status?.serverWaits === undefined ? '' : String(status.serverWaits)}
      title={status?.reason ?? ''}
    >
      {label}
    </span>
  );
}
