import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeKck, type FakeKckOptions } from '@kck/fake-kck';
import {
  KckProblem,
  createClient,
  type ConnectionStatus,
  type Entry,
  type SubscribeOptions,
  type TokenProvider,
} from '../src/index.js';

let kck: FakeKck;
const stops: (() => void)[] = [];

afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  await kck.close();
});

const backoff = { initialDelay: 20, maxDelay: 200 };

async function start(options: FakeKckOptions = {}) {
  kck = await FakeKck.start({ tokens: ['good'], ...options });
  kck.set('store/1', { name: 'one' });
  kck.set('store/2', { name: 'two' });
  kck.set('sales_summary', [{ store_id: 1, total: 10 }]);
}

function watch(keys: string[], options: SubscribeOptions = {}, token: TokenProvider = 'good') {
  const entries: Entry[] = [];
  const errors: unknown[] = [];
  const statuses: ConnectionStatus[] = [];
  const client = createClient({ baseUrl: kck.url, token, backoff });
  const stop = client.subscribe(keys, (entry) => entries.push(entry), {
    onError: (error) => errors.push(error),
    onStatus: (status) => statuses.push(status),
    ...options,
  });
  stops.push(stop);
  const seen = () => entries.map((entry) => `${entry.key}@${entry.version}`);
  return { entries, errors, statuses, stop, seen };
}

const until = (check: () => void, timeout = 3_000) => vi.waitFor(check, { timeout, interval: 10 });

describe('subscribe over one stream', () => {
  it('opens one stream for all keys and delivers each current entry, then every new version', async () => {
    await start();
    const { seen, statuses } = watch(['store/1', 'store/2', 'sales_summary']);
    await until(() => expect(seen()).toEqual(['store/1@1', 'store/2@1', 'sales_summary@1']));
    kck.set('store/2', { name: 'two, renamed' });
    await until(() => expect(seen()).toContain('store/2@2'));
    const streams = kck.requestsTo('/subscribe');
    expect(streams).toHaveLength(1);
    expect(streams[0]?.query.getAll('key')).toEqual(['store/1', 'store/2', 'sales_summary']);
    expect(streams[0]?.headers).toMatchObject({ accept: 'text/event-stream', authorization: 'Bearer good' });
    expect(statuses.at(-1)).toEqual({ transport: 'stream', state: 'open' });
    expect(kck.requestsTo('/fetch')).toHaveLength(0);
  });

  it('reconnects after a drop with Last-Event-ID and gets only what moved meanwhile', async () => {
    await start();
    const { seen } = watch(['store/1', 'store/2', 'sales_summary']);
    await until(() => expect(seen()).toHaveLength(3));
    kck.dropStreams();
    kck.set('store/1', { name: 'one, while away' });
    await until(() => expect(seen()).toEqual(['store/1@1', 'store/2@1', 'sales_summary@1', 'store/1@2']));
    const [first, second] = kck.requestsTo('/subscribe');
    expect(first?.headers['last-event-id']).toBeUndefined();
    expect(second?.headers['last-event-id']).toBe('3');
    kck.set('sales_summary', []);
    await until(() => expect(seen().at(-1)).toBe('sales_summary@2'));
  });

  it('never delivers a version it already delivered, even when the server sends it again', async () => {
    await start();
    const { seen } = watch(['store/1'], { versions: { 'store/1': 1 } });
    await until(() => expect(kck.openStreams).toBe(1));
    kck.set('store/1', { name: 'two' });
    await until(() => expect(seen()).toEqual(['store/1@2']));
  });

  it('backs off, with growing delays, while the stream keeps failing', async () => {
    await start();
    kck.failNext('/subscribe', 503, 4);
    const { seen, errors, statuses } = watch(['store/1']);
    await until(() => expect(seen()).toEqual(['store/1@1']));
    expect(kck.requestsTo('/subscribe')).toHaveLength(5);
    expect(errors).toHaveLength(4);
    expect(errors.every((error) => error instanceof KckProblem && error.status === 503)).toBe(true);
    expect(statuses.map((status) => status.state)).toEqual(['connecting', 'reconnecting', 'open']);
  });

  it('spaces reconnects by the exponential backoff', async () => {
    await start();
    kck.failNext('/subscribe', 503, 3);
    const entries: Entry[] = [];
    const client = createClient({ baseUrl: kck.url, token: 'good', backoff: { initialDelay: 100, maxDelay: 1_000, random: () => 0 } });
    stops.push(client.subscribe(['store/1'], (entry) => entries.push(entry)));
    await until(() => expect(entries).toHaveLength(1));
    const arrivals = kck.requestsTo('/subscribe').map((request) => request.at);
    const gaps = arrivals.slice(1).map((at, index) => at - (arrivals[index] ?? at));
    // With random() = 0 each delay is the fixed half of its step: 100, 200, 400 ms steps.
    expect(gaps).toHaveLength(3);
    [50, 100, 200].forEach((least, index) => expect(gaps[index]).toBeGreaterThanOrEqual(least - 5));
    expect(gaps[2]).toBeLessThan(400);
  });

  it('honours the retry hint of a stream the server ended', async () => {
    await start();
    const { seen } = watch(['store/1']);
    await until(() => expect(kck.openStreams).toBe(1));
    const ended = Date.now();
    kck.endStreams(400);
    await until(() => expect(kck.requestsTo('/subscribe')).toHaveLength(2));
    expect(Date.now() - ended).toBeGreaterThanOrEqual(380);
    expect(seen()).toEqual(['store/1@1']);
  });

  it('reconnects with a fresh token when the stream ends because its token expired', async () => {
    await start();
    kck.acceptToken('short', 300);
    const issued = ['short', 'good'];
    let calls = 0;
    const { seen } = watch(['store/1'], {}, () => issued[Math.min(calls++, 1)]);
    await until(() => expect(kck.openStreams).toBe(1));
    await until(() => expect(kck.requestsTo('/subscribe').map((request) => request.headers.authorization)).toContain('Bearer good'));
    kck.set('store/1', { name: 'after the new token' });
    await until(() => expect(seen()).toEqual(['store/1@1', 'store/1@2']));
    expect(calls).toBe(2);
  });

  it('drops a key the server refuses (403 naming it), reports it, and streams the others', async () => {
    await start();
    kck.forbid('store/2');
    const { seen, errors } = watch(['store/1', 'store/2']);
    await until(() => expect(seen()).toEqual(['store/1@1']));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(KckProblem);
    expect(errors[0]).toMatchObject({ status: 403, key: 'store/2' });
    expect(kck.requestsTo('/subscribe').at(-1)?.query.getAll('key')).toEqual(['store/1']);
  });

  it('reports a failing onEntry to onError and keeps the stream', async () => {
    await start();
    const errors: unknown[] = [];
    const client = createClient({ baseUrl: kck.url, token: 'good', backoff });
    stops.push(client.subscribe(['store/1'], () => { throw new Error('app bug'); }, { onError: (error) => errors.push(error) }));
    await until(() => expect(errors).toHaveLength(1));
    kck.set('store/1', { name: 'again' });
    await until(() => expect(errors).toHaveLength(2));
    expect(String(errors[0])).toContain('app bug');
    expect(kck.requestsTo('/subscribe')).toHaveLength(1);
  });

  it('spreads more than 100 keys over streams of 100', async () => {
    await start();
    const keys = Array.from({ length: 150 }, (_, index) => `store/${index + 1}`);
    keys.forEach((key) => kck.set(key, {}));
    const { entries } = watch(keys);
    await until(() => expect(entries).toHaveLength(150));
    expect(kck.requestsTo('/subscribe').map((request) => request.query.getAll('key').length)).toEqual([100, 50]);
  });

  it('reopens a stream that went silent', async () => {
    await start();
    watch(['store/1'], { idleTimeout: 150 });
    await until(() => expect(kck.requestsTo('/subscribe').length).toBeGreaterThanOrEqual(2));
  });

  it('reconnects at once when asked to, and stops when unsubscribed', async () => {
    await start();
    const { stop, statuses } = watch(['store/1']);
    await until(() => expect(kck.openStreams).toBe(1));
    stop.reconnect();
    await until(() => expect(kck.requestsTo('/subscribe')).toHaveLength(2));
    stop();
    expect(stop.closed).toBe(true);
    await until(() => expect(kck.openStreams).toBe(0));
    expect(statuses.at(-1)?.state).toBe('closed');
  });
});

describe('subscribe by long polling', () => {
  it('falls back to long polls when the server has no multiplexed stream', async () => {
    await start({ multiplex: false });
    const { seen, statuses } = watch(['store/1'], { wait: 5 });
    await until(() => expect(seen()).toEqual(['store/1@1']));
    kck.set('store/1', { name: 'changed' });
    await until(() => expect(seen()).toContain('store/1@2'));
    const polls = kck.requestsTo('/fetch/store/1');
    expect(statuses.some((status) => status.serverWaits === false)).toBe(false);
    expect(polls[0]?.headers['if-none-match']).toBeUndefined();
    expect(polls[1]?.headers).toMatchObject({ 'if-none-match': '"1"', prefer: 'wait=5' });
    expect(statuses.at(-1)).toMatchObject({ transport: 'long-poll', state: 'open', reason: expect.stringContaining('404') });
  });

  it('long-polls many keys with one held batch request, not one connection per key', async () => {
    await start({ multiplex: false });
    const keys = Array.from({ length: 12 }, (_, index) => `store/${index + 1}`);
    keys.slice(2).forEach((key) => kck.set(key, { name: key }));
    const { seen, statuses } = watch(keys, { wait: 5 });
    await until(() => expect(seen()).toHaveLength(12));
    await until(() => expect(kck.requestsTo('/fetch', 'POST')).toHaveLength(2));
    kck.set('store/7', { name: 'seven, renamed' });
    await until(() => expect(seen()).toContain('store/7@2'));
    const polls = kck.requestsTo('/fetch', 'POST');
    expect(polls[0]?.headers.prefer).toBeUndefined();
    expect(polls[1]?.headers.prefer).toBe('wait=5');
    expect(polls.length).toBeLessThanOrEqual(3);
    expect(kck.requestsTo('/fetch/')).toHaveLength(0);
    expect(seen().filter((each) => each.startsWith('store/7@'))).toEqual(['store/7@1', 'store/7@2']);
    expect(statuses.at(-1)).toMatchObject({ transport: 'long-poll', state: 'open' });
    expect(statuses.some((status) => status.serverWaits === false)).toBe(false);
  });

  it('does not spin when the server answers a batch poll at once', async () => {
    await start({ multiplex: false, longPoll: false });
    const { seen, statuses } = watch(['store/1', 'store/2'], { minPollInterval: 200 });
    await until(() => expect(seen()).toEqual(['store/1@1', 'store/2@1']));
    await until(() => expect(statuses.at(-1)).toMatchObject({ transport: 'long-poll', state: 'open', serverWaits: false }));
    await new Promise((resolve) => setTimeout(resolve, 700));
    const polls = kck.requestsTo('/fetch', 'POST').length;
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(6);
    kck.set('store/2', { name: 'seen on the next poll' });
    await until(() => expect(seen()).toContain('store/2@2'));
  });

  it('retries a failing batch poll with backoff and recovers', async () => {
    await start({ multiplex: false });
    kck.failNext('/fetch', 503, 2);
    const { seen, errors } = watch(['store/1', 'store/2']);
    await until(() => expect(seen()).toEqual(['store/1@1', 'store/2@1']));
    expect(errors).toHaveLength(2);
  });

  it('does not spin when the server ignores Prefer: wait', async () => {
    await start({ multiplex: false, longPoll: false });
    const { seen, statuses } = watch(['store/1'], { minPollInterval: 200 });
    await until(() => expect(seen()).toEqual(['store/1@1']));
    await until(() => expect(statuses.at(-1)).toMatchObject({ transport: 'long-poll', state: 'open', serverWaits: false }));
    await new Promise((resolve) => setTimeout(resolve, 700));
    const polls = kck.requestsTo('/fetch/store/1').length;
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(6);
    kck.set('store/1', { name: 'seen on the next poll' });
    await until(() => expect(seen()).toContain('store/1@2'));
  });

  it('starts from the versions held: a first poll answered at once, then polls held by the server', async () => {
    await start({ multiplex: false });
    const { seen, statuses } = watch(['store/1'], { versions: { 'store/1': 1 }, wait: 20 });
    await until(() => expect(statuses.at(-1)?.state).toBe('open'));
    await until(() => expect(kck.requestsTo('/fetch/store/1')).toHaveLength(2));
    const [first, second] = kck.requestsTo('/fetch/store/1');
    expect(first?.headers['if-none-match']).toBe('"1"');
    expect(first?.headers.prefer).toBeUndefined();
    expect(second?.headers).toMatchObject({ 'if-none-match': '"1"', prefer: 'wait=20' });
    expect(seen()).toEqual([]);
  });

  it('long-polls when asked to, and drops a refused key', async () => {
    await start();
    kck.forbid('store/2');
    const { seen, errors } = watch(['store/1', 'store/2'], { transport: 'long-poll' });
    await until(() => expect(seen()).toEqual(['store/1@1']));
    await until(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toMatchObject({ status: 403, key: 'store/2' });
    expect(kck.requestsTo('/subscribe')).toHaveLength(0);
  });

  it('keeps trying the stream, and never long-polls, when the stream was asked for', async () => {
    await start({ multiplex: false });
    const { errors, statuses } = watch(['store/1'], { transport: 'stream' });
    await until(() => expect(kck.requestsTo('/subscribe').length).toBeGreaterThanOrEqual(3));
    expect(kck.requestsTo('/fetch')).toHaveLength(0);
    expect(String(errors[0])).toContain('no multiplexed stream: GET /subscribe answered 404');
    expect(statuses.at(-1)).toMatchObject({ transport: 'stream', state: 'reconnecting' });
  });

  it('retries a failing poll with backoff and recovers', async () => {
    await start({ multiplex: false });
    kck.failNext('/fetch/store/1', 503, 2);
    const { seen, errors } = watch(['store/1']);
    await until(() => expect(seen()).toEqual(['store/1@1']));
    expect(errors).toHaveLength(2);
  });
});
