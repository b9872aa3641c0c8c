import type { ReactNode } from 'react';
import { Sparkline } from './Sparkline';

export interface TileProps {
  label: string;
  value: string;
  hint?: ReactNode;
  tone?: 'warn' | 'danger' | undefined;
  trend?: { at: readonly number[]; values: readonly (number | null)[]; now: number; windowMs: number; yMax?: number; color?: 1 | 2 | 3 };
}

/** One headline number with its recent trend. */
export function Tile({ label, value, hint, tone, trend }: TileProps) {
  return (
    <section className={`tile${tone === undefined ? '' : ` tile-${tone}`}`} aria-label={label}>
      <h2 className="tile-label">{label}</h2>
      <p className="tile-value num">{value}</p>
      {hint === undefined ? <p className="tile-hint">&nbsp;</p> : <p className="tile-hint">{hint}</p>}
      {trend === undefined ? null : <Sparkline {...trend} />}
    </section>
  );
}
