import { Suspense, useState } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeKck } from '@kck/fake-kck';
import { KckProblem, type KckClient } from '@kck/client';
import { useProduct } from '../src/index.js';
import { Boundary, Providing, Status, StoreName, mountUnacted, pause, startKck, until } from './helpers.js';

let kck: FakeKck;
let client: KckClient;

afterEach(async () => {
  cleanup();
  await kck.close();
});

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('useProduct', () => {
  it('shows the value, then every new version without a refetch', async () => {
    ({ kck, client } = await startKck());
    render(<Providing client={client}><StoreName id={1} /></Providing>);
    expect(text('store-1')).toBe('loading');
    await until(() => expect(text('store-1')).toBe('Store 1'));
    await until(() => expect(kck.openStreams).toBe(1));
    act(() => void kck.set('store/1', { name: 'Renamed' }));
    await until(() => expect(text('store-1')).toBe('Renamed'));
    expect(kck.requestsTo('/fetch')).toHaveLength(1);
  });

  it('shares one request per key and ONE stream among all the components below a provider', async () => {
    ({ kck, client } = await startKck());
    render(
      <Providing client={client}>
        <StoreName id={1} testId="a" />
        <StoreName id={1} testId="b" />
        <StoreName id={1} testId="c" />
        <StoreName id={2} />
      </Providing>,
    );
    await until(() => expect(kck.openStreams).toBe(1));
    expect(['a', 'b', 'c', 'store-2'].map(text)).toEqual(['Store 1', 'Store 1', 'Store 1', 'Store 2']);
    expect(kck.requestsTo('/fetch/store/1')).toHaveLength(1);
    expect(kck.requestsTo('/fetch/store/2')).toHaveLength(1);
    const streams = kck.requestsTo('/subscribe');
    expect(streams).toHaveLength(1);
    expect(streams[0]?.query.getAll('key')).toEqual(['store/1', 'store/2']);
  });

  it('reopens the one stream when the set of watched keys changes, once per burst of changes', async () => {
    ({ kck, client } = await startKck());
    let show: (ids: number[]) => void = () => undefined;
    function Stores() {
      const [ids, setIds] = useState([1]);
      show = setIds;
      return ids.map((id) => <StoreName key={id} id={id} />);
    }
    render(<Providing client={client}><Stores /></Providing>);
    await until(() => expect(kck.openStreams).toBe(1));
    act(() => show([1, 2, 3, 4]));
    await until(() => expect(kck.requestsTo('/subscribe')).toHaveLength(2));
    await pause(100);
    expect(kck.requestsTo('/subscribe').map((request) => request.query.getAll('key').length)).toEqual([1, 4]);
    act(() => show([4]));
    await until(() => expect(kck.requestsTo('/subscribe').at(-1)?.query.getAll('key')).toEqual(['store/4']));
    await until(() => expect(kck.openStreams).toBe(1));
    act(() => void kck.set('store/4', { name: 'Four, live' }));
    await until(() => expect(text('store-4')).toBe('Four, live'));
  });

  it('reports a problem as error, not loading', async () => {
    ({ kck, client } = await startKck());
    let seen: unknown;
    function Missing() {
      const { error, isLoading, data } = useProduct('store/99');
      seen = error;
      return <p data-testid="missing">{isLoading ? 'loading' : `done ${String(data)}`}</p>;
    }
    render(<Providing client={client}><Missing /></Providing>);
    await until(() => expect(text('missing')).toBe('done undefined'));
    expect(seen).toBeInstanceOf(KckProblem);
    expect(seen).toMatchObject({ status: 404, key: 'store/99' });
  });

  it('watches nothing for a null key', async () => {
    ({ kck, client } = await startKck());
    function Nothing() {
      const { isLoading, data } = useProduct(null);
      return <p data-testid="nothing">{`${isLoading} ${String(data)}`}</p>;
    }
    render(<Providing client={client}><Nothing /></Providing>);
    await pause(80);
    expect(text('nothing')).toBe('false undefined');
    expect(kck.requests).toHaveLength(0);
  });

  it('keeps a value live by long polling on a server without the multiplexed stream', async () => {
    ({ kck, client } = await startKck({ multiplex: false }));
    render(<Providing client={client}><StoreName id={2} /><Status /></Providing>);
    await until(() => expect(text('status')).toBe('long-poll open'));
    await until(() => expect(kck.requestsTo('/fetch/store/2').some((request) => request.headers.prefer === 'wait=30')).toBe(true));
    act(() => void kck.set('store/2', { name: 'Two, by long poll' }));
    await until(() => expect(text('store-2')).toBe('Two, by long poll'));
  });
});

describe('useProduct with suspense', () => {
  let unmount = () => undefined as void;
  afterEach(() => unmount());

  it('suspends until the value is there, with one request for every component suspended on the key', async () => {
    ({ kck, client } = await startKck());
    unmount = mountUnacted(
      <Providing client={client}>
        <Suspense fallback={<p data-testid="fallback">waiting</p>}>
          <StoreName id={3} suspense testId="x" />
          <StoreName id={3} suspense testId="y" />
        </Suspense>
      </Providing>,
    );
    await until(() => expect(text('fallback')).toBe('waiting'));
    await until(() => expect(text('x')).toBe('Store 3'));
    expect(text('y')).toBe('Store 3');
    expect(kck.requestsTo('/fetch/store/3')).toHaveLength(1);
  });

  it('throws a failure to the nearest error boundary', async () => {
    ({ kck, client } = await startKck());
    const quiet = console.error;
    console.error = () => undefined;
    try {
      unmount = mountUnacted(
        <Providing client={client}>
          <Boundary>
            <Suspense fallback={<p>waiting</p>}>
              <StoreName id={99} suspense />
            </Suspense>
          </Boundary>
        </Providing>,
      );
      await until(() => expect(text('boundary')).toBe('caught KckProblem 404'));
    } finally {
      console.error = quiet;
    }
  });
});

describe('revalidation', () => {
  it('fetches watched keys again when the window regains focus, unless the stream carries them', async () => {
    ({ kck, client } = await startKck());
    render(
      <Providing client={client} dedupingInterval={0} focusThrottleInterval={0}>
        <StoreName id={1} live={false} />
        <StoreName id={2} />
        <Status />
      </Providing>,
    );
    await until(() => expect(text('status')).toBe('stream open'));
    await until(() => expect(text('store-1')).toBe('Store 1'));
    kck.set('store/1', { name: 'Changed while away' });
    fireEvent.focus(window);
    await until(() => expect(text('store-1')).toBe('Changed while away'));
    expect(kck.requestsTo('/fetch/store/1')).toHaveLength(2);
    expect(kck.requestsTo('/fetch/store/2')).toHaveLength(1);
  });

  it('does not fetch again on focus within the deduplication interval', async () => {
    ({ kck, client } = await startKck());
    render(<Providing client={client} focusThrottleInterval={0}><StoreName id={1} live={false} /></Providing>);
    await until(() => expect(text('store-1')).toBe('Store 1'));
    fireEvent.focus(window);
    await pause(50);
    expect(kck.requestsTo('/fetch/store/1')).toHaveLength(1);
  });

  it('reconnects the stream at once and fetches again when the browser comes back online', async () => {
    ({ kck, client } = await startKck());
    render(<Providing client={client}><StoreName id={1} /></Providing>);
    await until(() => expect(kck.openStreams).toBe(1));
    fireEvent(window, new Event('online'));
    await until(() => expect(kck.requestsTo('/subscribe')).toHaveLength(2));
    await until(() => expect(kck.requestsTo('/fetch/store/1')).toHaveLength(2));
  });
});
