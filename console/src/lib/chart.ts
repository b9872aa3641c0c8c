/** Chart geometry, kept apart from React so it can be tested: scales, nice ticks and gap-aware paths. */

export interface Point {
  x: number;
  y: number | null;
}

/** Round steps (1, 2, 2.5, 5 x 10^n) covering [0, max] in about `count` ticks. */
export function niceTicks(max: number, count = 4): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const raw = top / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let value = 0; value < top + step * 0.999; value += step) {
    ticks.push(Number(value.toPrecision(12)));
  }
  return ticks;
}

/** The largest value that is not a gap, over several series. */
export function seriesMax(series: readonly (readonly (number | null)[])[]): number {
  let max = 0;
  for (const values of series) {
    for (const value of values) {
      if (value !== null && value > max) {
        max = value;
      }
    }
  }
  return max;
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 === 0 ? 1 : d1 - d0;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** An SVG path through the points, broken at gaps; a point alone becomes a dot (zero-length, round cap). */
export function linePath(points: readonly Point[]): string {
  const parts: string[] = [];
  let open = false;
  points.forEach((point, index) => {
    if (point.y === null) {
      open = false;
      return;
    }
    const next = points[index + 1];
    const alone = !open && (next === undefined || next.y === null);
    parts.push(`${open ? 'L' : 'M'}${round(point.x)} ${round(point.y)}${alone ? 'h0' : ''}`);
    open = true;
  });
  return parts.join('');
}

/** The area between each unbroken run of the line and the baseline. */
export function areaPath(points: readonly Point[], baseline: number): string {
  const parts: string[] = [];
  let run: { x: number; y: number }[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (run.length > 1 && first !== undefined && last !== undefined) {
      parts.push(`M${round(first.x)} ${round(baseline)}${run.map((p) => `L${round(p.x)} ${round(p.y)}`).join('')}L${round(last.x)} ${round(baseline)}Z`);
    }
    run = [];
  };
  for (const point of points) {
    if (point.y === null) {
      flush();
    } else {
      run.push({ x: point.x, y: point.y });
    }
  }
  flush();
  return parts.join('');
}

/** The index of the sample nearest to x, among sorted xs; -1 when there are none. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) {
    return -1;
  }
  let low = 0;
  let high = xs.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((xs[middle] ?? 0) < x) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return Math.abs((xs[low] ?? 0) - x) <= Math.abs((xs[high] ?? 0) - x) ? low : high;
}

/** Moments for time-axis labels: every `stepMs`, aligned to the clock, inside [from, to]. */
export function timeTicks(from: number, to: number, stepMs: number): number[] {
  const ticks: number[] = [];
  for (let at = Math.ceil(from / stepMs) * stepMs; at <= to; at += stepMs) {
    ticks.push(at);
  }
  return ticks;
}
