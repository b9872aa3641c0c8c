import { useMemo } from 'react';
import { areaPath, linePath, linearScale, seriesMax, type Point } from '../lib/chart';
import { useWidth } from './useWidth';

/** A small trend line for a tile: no axes, the same gaps as the big charts. */
export function Sparkline({ at, values, now, windowMs, yMax, color = 1 }: {
  at: readonly number[];
  values: readonly (number | null)[];
  now: number;
  windowMs: number;
  yMax?: number;
  color?: 1 | 2 | 3;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = 32;
  const points = useMemo(() => {
    // From the first sample (when the page is younger than the window) to the newest, so the trend fills the tile.
    const to = at[at.length - 1] ?? now;
    const from = Math.max(to - windowMs, at[0] ?? to - windowMs);
    const top = yMax ?? Math.max(seriesMax([values]), 1e-9) * 1.15;
    const x = linearScale([from, to], [1, Math.max(1, width - 1)]);
    const y = linearScale([0, top], [height - 2, 2]);
    return at.map((t, i): Point => {
      const value = values[i] ?? null;
      return { x: x(t), y: value === null || t < from ? null : y(Math.min(value, top)) };
    });
  }, [at, values, now, windowMs, yMax, width]);
  return (
    <div ref={ref} className="spark" aria-hidden="true">
      {width === 0 ? null : (
        <svg width={width} height={height}>
          <path className={`chart-area area-${color}`} d={areaPath(points, height - 1)} />
          <path className={`chart-line line-${color}`} d={linePath(points)} />
        </svg>
      )}
    </div>
  );
}
