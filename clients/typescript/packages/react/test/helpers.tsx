import { Component, StrictMode, type ReactElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { vi } from 'vitest';
import { FakeKck } from '@kck/fake-kck';
import { createClient, type KckClient } from '@kck/client';
import { KckProvider, useKckStatus, useProduct, type KckProviderProps, type UseProductOptions } from '../src/index.js';

export const until = (check: () => void, timeout = 3_000) => vi.waitFor(check, { timeout, interval: 10 });
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startKck(options: Parameters<typeof FakeKck.start>[0] = {}): Promise<{ kck: FakeKck; client: KckClient }> {
  const kck = await FakeKck.start({ tokens: ['good'], ...options });
  for (let id = 1; id <= 4; id++) kck.set(`store/${id}`, { id, name: `Store ${id}` });
  const client = createClient({ baseUrl: kck.url, token: 'good', backoff: { initialDelay: 20, maxDelay: 200 } });
  return { kck, client };
}

export function Providing({ children, ...props }: Omit<KckProviderProps, 'children'> & { children: ReactNode }) {
  return (
    <StrictMode>
      <KckProvider streamDebounce={20} {...props}>
        {children}
      </KckProvider>
    </StrictMode>
  );
}

/** Shows a store's name, or what the hook says instead. */
export function StoreName({ id, testId, ...options }: { id: number; testId?: string } & UseProductOptions) {
  const { data, error, isLoading, stale } = useProduct<`store/${number}`>(`store/${id}`, options);
  const text = isLoading ? 'loading' : error ? `error ${(error as { status?: number }).status}` : (data as { name: string }).name;
  return <p data-testid={testId ?? `store-${id}`}>{`${text}${stale ? ' (stale)' : ''}`}</p>;
}

/** The provider's stream status as text: `stream open`, `long-poll connecting`, `none`. */
export function Status() {
  const status = useKckStatus();
  return <p data-testid="status">{status ? `${status.transport} ${status.state}` : 'none'}</p>;
}

export class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return <p data-testid="boundary">{`caught ${(error as { name?: string }).name} ${(error as { status?: number }).status}`}</p>;
  }
}

/**
 * Renders as a browser would, without act(): React then schedules its own retries of suspended renders
 * (testing-library's render wraps act(), which holds those retries in its queue).
 */
export function mountUnacted(element: ReactElement): () => void {
  const flag = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  const before = flag.IS_REACT_ACT_ENVIRONMENT;
  flag.IS_REACT_ACT_ENVIRONMENT = false;
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  root.render(element);
  return () => {
    root.unmount();
    container.remove();
    flag.IS_REACT_ACT_ENVIRONMENT = before;
  };
}
