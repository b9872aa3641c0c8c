import { useMemo } from 'react';
import { deriveSeries, type LiveSeries } from '../lib/rates';
import { useNow } from './clock';
import { useLive } from './console';

/** The live series for a scope (a product, or null for all), and the moment charts end at. */
export function useSeries(scope: string | null): { series: LiveSeries; now: number } {
  const { samples } = useLive();
  const clock = useNow();
  const series = useMemo(() => deriveSeries(samples, scope), [samples, scope]);
  const newest = series.at[series.at.length - 1] ?? 0;
  return { series, now: Math.max(clock, newest) };
}
