/** Display formatting: one place, so every view writes numbers, durations and times the same way. */

const DASH = '—';
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** `1234567` as `1,234,567`; absent as a dash. */
export function formatCount(value: number | null | undefined): string {
  return isNumber(value) ? grouped.format(value) : DASH;
}

/** Short counts for tiles: `987`, `12.3K`, `4.5M`. */
export function formatCompact(value: number | null | undefined): string {
  if (!isNumber(value)) {
    return DASH;
  }
  return Math.abs(value) < 10_000 ? grouped.format(value) : compact.format(value);
}

/** A ratio in [0, 1] as a percentage with one decimal: `0.9734` as `97.3%`. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  return isNumber(ratio) ? `${(ratio * 100).toFixed(digits)}%` : DASH;
}

/** A rate per second: `0`, `0.25/s`, `3.4/s`, `120/s`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (!isNumber(perSecond)) {
    return DASH;
  }
  if (perSecond === 0) {
    return '0/s';
  }
  const digits = perSecond < 1 ? 2 : perSecond < 100 ? 1 : 0;
  return `${trimZeros(perSecond.toFixed(digits))}/s`;
}

/** Primer and request times: `0.42 ms`, `8.5 ms`, `312 ms`, `1.24 s`, `12.5 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNumber(ms)) {
    return DASH;
  }
  if (ms < 1) {
    return `${trimZeros(ms.toFixed(2))} ms`;
  }
  if (ms < 10) {
    return `${trimZeros(ms.toFixed(1))} ms`;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${trimZeros((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
}

/** A length of time for people: `850ms`, `42s`, `4m 05s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms)) {
    return DASH;
  }
  const abs = Math.abs(ms);
  if (abs < 1000) {
    return `${Math.round(abs)}ms`;
  }
  const seconds = Math.floor(abs / 1000);
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  }
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** A moment relative to now: `just now`, `12s ago`, `in 4m 05s`. */
export function formatRelative(at: number | null | undefined, now: number): string {
  if (!isNumber(at)) {
    return DASH;
  }
  const delta = at - now;
  if (Math.abs(delta) < 1000) {
    return 'just now';
  }
  return delta < 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(delta)}`;
}

/** An absolute moment, for titles and tooltips: `2026-11-21 10:00:00.123 UTC`. */
export function formatInstant(at: number | null | undefined): string {
  if (!isNumber(at)) {
    return DASH;
  }
  return new Date(at).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** Clock time on chart axes: `10:04:30`, local time. */
export function formatClock(at: number): string {
  const date = new Date(at);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** Byte sizes: `512 B`, `1.5 KB`, `3.2 MB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes)) {
    return DASH;
  }
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${trimZeros(value.toFixed(1))} ${units[unit]}`;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
