import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'danger' | 'muted' | 'accent';

export function Badge({ tone = 'muted', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A small status dot with its meaning spelled out for screen readers. */
export function Dot({ tone, label }: { tone: Tone; label: string }) {
  return (
    <span className={`dot dot-${tone}`} role="img" aria-label={label} title={label} />
  );
}
