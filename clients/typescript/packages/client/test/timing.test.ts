import { describe, expect, it } from 'vitest';
import { backoffDelay, jwtExpiry } from '../src/index.js';
import { TokenSource } from '../src/token.js';

describe('backoffDelay', () => {
  const options = { initialDelay: 100, maxDelay: 1_000 };

  it('doubles with each attempt up to the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, { ...options, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5, 20].map((attempt) => Math.round(top(attempt)))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('keeps a random half of each step, so no retry comes at once', () => {
    expect(backoffDelay(2, { ...options, random: () => 0 })).toBe(200);
    expect(backoffDelay(2, { ...options, random: () => 0.5 })).toBe(300);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
    expect(spread.size).toBeGreaterThan(40);
    for (const delay of spread) expect(delay).toBeGreaterThanOrEqual(400);
  });
});

function jwt(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part(claims)}.signature`;
}

describe('tokens', () => {
  it('reads exp from a JWT without verifying it', () => {
    expect(jwtExpiry(jwt({ sub: 'alice', exp: 1_800_000_000 }))).toBe(1_800_000_000);
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry('a.b.c')).toBeUndefined();
  });

  it('asks the provider once, then again when the JWT it gave has expired', async () => {
    let now = 1_000_000;
    const issued: string[] = [];
    const source = new TokenSource(() => {
      const token = jwt({ n: issued.length, exp: now / 1000 + 60 });
      issued.push(token);
      return Promise.resolve(token);
    }, () => now);
    const first = await source.get();
    expect(await source.get()).toBe(first);
    now += 56_000; // within the 5 s margin of exp
    const second = await source.get();
    expect(second).not.toBe(first);
    expect(issued).toHaveLength(2);
  });

  it('shares one refresh between callers refused with the same token', async () => {
    let calls = 0;
    const source = new TokenSource(async () => `token-${++calls}`);
    const rejected = await source.get();
    const [a, b] = await Promise.all([source.refresh(rejected), source.refresh(rejected)]);
    expect(a).toBe('token-2');
    expect(b).toBe('token-2');
    expect(calls).toBe(2);
  });

  it('gives a fixed string every time and treats an empty one as none', async () => {
    expect(await new TokenSource('abc').refresh('abc')).toBe('abc');
    expect(await new TokenSource('').get()).toBeUndefined();
  });
});
