import { describe, expect, it } from 'vitest';
import {
  formatBytes, formatCompact, formatCount, formatDuration, formatInstant, formatMs, formatPercent, formatRate,
  formatRelative,
} from './format';

describe('numbers', () => {
  it('groups counts and dashes what is absent', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('shortens large counts on tiles only', () => {
    expect(formatCompact(9999)).toBe('9,999');
    expect(formatCompact(12_345)).toBe('12.3K');
    expect(formatCompact(4_500_000)).toBe('4.5M');
  });

  it('writes ratios as percentages', () => {
    expect(formatPercent(0.9734)).toBe('97.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(undefined)).toBe('—');
  });

  it('writes rates with as many digits as they need', () => {
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(0.25)).toBe('0.25/s');
    expect(formatRate(3.4)).toBe('3.4/s');
    expect(formatRate(3)).toBe('3/s');
    expect(formatRate(120.4)).toBe('120/s');
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MB');
  });
});

describe('times', () => {
  it('writes primer times from sub-millisecond to seconds', () => {
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(8.5)).toBe('8.5 ms');
    expect(formatMs(312.4)).toBe('312 ms');
    expect(formatMs(1240)).toBe('1.24 s');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatMs(null)).toBe('—');
  });

  it('writes durations in their two largest units', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(7_800_000)).toBe('2h 10m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });

  it('writes moments relative to now, both ways', () => {
    const now = 1_000_000_000;
    expect(formatRelative(now - 400, now)).toBe('just now');
    expect(formatRelative(now - 12_000, now)).toBe('12s ago');
    expect(formatRelative(now + 245_000, now)).toBe('in 4m 05s');
    expect(formatRelative(null, now)).toBe('—');
  });

  it('writes absolute moments in UTC', () => {
    expect(formatInstant(Date.UTC(2026, 10, 21, 10, 0, 0, 123))).toBe('2026-11-21 10:00:00.123 UTC');
  });
});
