/**
 * A time-series chart in SVG: the last `windowMs` up to `now`, lines broken at gaps, the first series
 * filled, a crosshair with values on hover or with the arrow keys (the chart is focusable), and a text
 * summary for screen readers. Its height is fixed by its props, so polling never moves the layout.
 */
import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { areaPath, linePath, linearScale, nearestIndex, niceTicks, seriesMax, timeTicks, type Point } from '../lib/chart';
import { formatClock } from '../lib/format';
import { latest } from '../lib/rates';
import { useWidth } from './useWidth';

export interface ChartLine {
  label: string;
  values: readonly (number | null)[];
  /** 1, 2 or 3: the --series-N color. */
  color: 1 | 2 | 3;
}

export interface LineChartProps {
  title: string;
  at: readonly number[];
  lines: readonly ChartLine[];
  now: number;
  windowMs: number;
  format: (value: number | null) => string;
  /** A fixed top of the y axis (1 for ratios); otherwise the data's, rounded up. */
  yMax?: number;
  height?: number;
  description?: string;
}

const PAD = { top: 8, right: 12, bottom: 22, left: 46 };

export function LineChart({ title, at, lines, now, windowMs, format, yMax, height = 180, description }: LineChartProps) {
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  const titleId = useId();
  const from = now - windowMs;

  const geometry = useMemo(() => {
    const plotWidth = Math.max(0, width - PAD.left - PAD.right);
    const plotHeight = height - PAD.top - PAD.bottom;
    const visible = at.map((t) => t >= from);
    const ticks = niceTicks(yMax ?? seriesMax(lines.map((line) => line.values.filter((_, i) => visible[i]))), 4);
    const top = yMax ?? ticks[ticks.length - 1] ?? 1;
    const x = linearScale([from, now], [PAD.left, PAD.left + plotWidth]);
    const y = linearScale([0, top], [PAD.top + plotHeight, PAD.top]);
    const points = lines.map((line) => at.map((t, i): Point => {
      const value = line.values[i] ?? null;
      return { x: x(t), y: value === null || !visible[i] ? null : y(Math.min(value, top)) };
    }));
    const step = windowMs <= 60_000 ? 15_000 : windowMs <= 300_000 ? 60_000 : 180_000;
    return { plotWidth, plotHeight, ticks, x, y, points, timeTicks: timeTicks(from, now, step) };
  }, [at, lines, now, from, windowMs, width, height, yMax]);

  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const t = from + ((event.clientX - bounds.left - PAD.left) / Math.max(1, geometry.plotWidth)) * windowMs;
    const index = nearestIndex(at, t);
    setHover(index >= 0 && (at[index] ?? 0) >= from ? index : null);
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (at.length === 0) {
      return;
    }
    const first = Math.max(0, at.findIndex((t) => t >= from));
    const current = hover ?? at.length - 1;
    if (event.key === 'ArrowLeft') {
      setHover(Math.max(first, current - 1));
    } else if (event.key === 'ArrowRight') {
      setHover(Math.min(at.length - 1, current + 1));
    } else if (event.key === 'Escape') {
      setHover(null);
    } else {
      return;
    }
    event.preventDefault();
  };

  const summary = lines.map((line) => `${line.label} ${format(latest(line.values))}`).join(', ');
  const hoverAt = hover === null ? null : at[hover] ?? null;
  const hoverX = hoverAt === null ? null : geometry.x(hoverAt);

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption className="chart-head">
        <span className="chart-title" id={titleId}>{title}</span>
        <span className="chart-legend">
          {lines.map((line) => (
            <span key={line.label} className="legend-item">
              <span className={`swatch swatch-${line.color}`} aria-hidden="true" />
              {lines.length > 1 ? <span className="legend-label">{line.label}</span> : null}
              <span className="legend-value num">{format(hover === null ? latest(line.values) : line.values[hover] ?? null)}</span>
            </span>
          ))}
        </span>
      </figcaption>
      <div
        ref={boxRef}
        className="chart-box"
        style={{ height }}
        tabIndex={0}
        role="img"
        aria-label={`${title}, last ${Math.round(windowMs / 60_000)} minutes: ${summary}. ${description ?? ''} Arrow keys inspect points.`}
        onKeyDown={onKey}
        onBlur={() => setHover(null)}
      >
        {width === 0 ? null : (
          <svg width={width} height={height} className="chart-svg" onPointerMove={onPointer} onPointerLeave={() => setHover(null)} aria-hidden="true">
            {geometry.ticks.map((tick) => (
              <g key={tick}>
                <line className="chart-grid" x1={PAD.left} x2={PAD.left + geometry.plotWidth} y1={geometry.y(tick)} y2={geometry.y(tick)} />
                <text className="chart-axis" x={PAD.left - 6} y={geometry.y(tick)} dy="0.32em" textAnchor="end">{format(tick)}</text>
              </g>
            ))}
            {geometry.timeTicks.map((tick) => (
              <text key={tick} className="chart-axis" x={geometry.x(tick)} y={height - 6} textAnchor="middle">{formatClock(tick)}</text>
            ))}
            {geometry.points[0] === undefined ? null : (
              <path className={`chart-area area-${lines[0]?.color ?? 1}`} d={areaPath(geometry.points[0], PAD.top + geometry.plotHeight)} />
            )}
            {geometry.points.map((points, index) => (
              <path key={lines[index]?.label ?? index} className={`chart-line line-${lines[index]?.color ?? 1}`} d={linePath(points)} />
            ))}
            {hoverX === null || hover === null ? null : (
              <g>
                <line className="chart-cursor" x1={hoverX} x2={hoverX} y1={PAD.top} y2={PAD.top + geometry.plotHeight} />
                {lines.map((line, index) => {
                  const value = line.values[hover] ?? null;
                  return value === null ? null : (
                    <circle key={line.label} className={`chart-point line-${line.color}`} cx={hoverX} cy={geometry.y(Math.min(value, geometry.ticks[geometry.ticks.length - 1] ?? value))} r={3} data-index={index} />
                  );
                })}
              </g>
            )}
          </svg>
        )}
        {hoverAt === null || hoverX === null ? null : (
          <div className="chart-tip" style={{ left: Math.min(hoverX + 10, Math.max(0, width - 150)) }} aria-hidden="true">
            {formatClock(hoverAt)}
          </div>
        )}
      </div>
    </figure>
  );
}
