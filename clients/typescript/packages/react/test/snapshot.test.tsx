import { act, cleanup, render, screen } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeKck } from '@kck/fake-kck';
import { KckProblem, prefetch, type KckClient, type Snapshot } from '@kck/client';
import { KckProvider } from '../src/index.js';
import { Providing, StoreName, pause, startKck, until } from './helpers.js';

let kck: FakeKck;
let client: KckClient;

afterEach(async () => {
  cleanup();
  await kck.close();
});

/** Prefetches on "the server", and sends the snapshot through JSON as a page would. */
async function serverSnapshot(keys: string[]): Promise<Snapshot> {
  const { snapshot } = await prefetch(client, keys);
  kck.requests.length = 0;
  return JSON.parse(JSON.stringify(snapshot)) as Snapshot;
}

const Page = () => (
  <>
    <StoreName id={1} />
    <StoreName id={2} />
  </>
);

describe('prefetch and hydration', () => {
  it('prefetches keys in one batch; failed keys stay out of the snapshot, their problems beside it', async () => {
    ({ kck, client } = await startKck());
    const { snapshot, problems } = await prefetch(client, ['store/1', 'store/99', 'store/1']);
    expect(Object.keys(snapshot.entries)).toEqual(['store/1']);
    expect(snapshot.entries['store/1']).toMatchObject({ key: 'store/1', version: 1 });
    expect(problems['store/99']).toBeInstanceOf(KckProblem);
    expect(kck.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /fetch']);
  });

  it('shows the snapshot on the first render and does not fetch it again', async () => {
    ({ kck, client } = await startKck());
    const snapshot = await serverSnapshot(['store/1', 'store/2']);
    render(<Providing client={client} snapshot={snapshot}><Page /></Providing>);
    expect([screen.getByTestId('store-1').textContent, screen.getByTestId('store-2').textContent]).toEqual(['Store 1', 'Store 2']);
    await until(() => expect(kck.openStreams).toBe(1));
    await pause(100);
    expect(kck.requestsTo('/fetch')).toHaveLength(0);
    act(() => void kck.set('store/2', { name: 'Live after hydration' }));
    await until(() => expect(screen.getByTestId('store-2').textContent).toBe('Live after hydration'));
  });

  it('sends no request at all for a snapshot of values that are not live', async () => {
    ({ kck, client } = await startKck());
    const snapshot = await serverSnapshot(['store/1']);
    render(<Providing client={client} snapshot={snapshot}><StoreName id={1} live={false} /></Providing>);
    expect(screen.getByTestId('store-1').textContent).toBe('Store 1');
    await pause(150);
    expect(kck.requests).toHaveLength(0);
  });

  it('renders on the server from the snapshot, and hydrates in the browser without a mismatch or a fetch', async () => {
    ({ kck, client } = await startKck());
    const snapshot = await serverSnapshot(['store/1', 'store/2']);
    const html = renderToString(<KckProvider client={client} snapshot={snapshot}><Page /></KckProvider>);
    expect(html).toContain('Store 1');
    expect(html).toContain('Store 2');
    expect(html).not.toContain('loading');
    expect(kck.requests).toHaveLength(0);

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const root = await act(async () =>
      hydrateRoot(container, <KckProvider client={client} snapshot={snapshot} streamDebounce={20}><Page /></KckProvider>),
    );
    await until(() => expect(kck.openStreams).toBe(1));
    expect(errors).not.toHaveBeenCalled();
    expect(kck.requestsTo('/fetch')).toHaveLength(0);
    errors.mockRestore();
    act(() => root.unmount());
    container.remove();
  });
});
