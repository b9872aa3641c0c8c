/** The routes the console calls, typed. Keys go into paths per segment (`keyPath`), never raw. */
import { keyPath } from '../lib/keys';
import type { Transport } from './client';
import type { Decoder } from './decode';
import {
  entry, instancesResponse, keyDetail, keyPage, policiesResponse, productsResponse, queueState, warmResult,
  type Entry, type Instance, type KeyDetail, type KeyPage, type ProductPolicy, type ProductStats, type QueueState,
  type WarmResult,
} from './schemas';

export interface FetchedEntry {
  entry: Entry;
  /** The `Cache-Status` header (RFC 9211), e.g. `kck; hit; ttl=42`. */
  cacheStatus: string | null;
  bytes: number | null;
}

export interface AdminApi {
  products(signal?: AbortSignal): Promise<ProductStats[]>;
  policies(signal?: AbortSignal): Promise<ProductPolicy[]>;
  keys(product: string, options: { limit: number; after: string | null; signal?: AbortSignal }): Promise<KeyPage>;
  key(key: string, signal?: AbortSignal): Promise<KeyDetail>;
  queue(signal?: AbortSignal): Promise<QueueState>;
  instances(signal?: AbortSignal): Promise<Instance[]>;
  fetchValue(key: string, signal?: AbortSignal): Promise<FetchedEntry>;
  invalidate(key: string): Promise<void>;
  refresh(key: string): Promise<void>;
  warm(product: string, rows: readonly Record<string, unknown>[] | null): Promise<WarmResult>;
}

function required<T>(data: T | null): T {
  if (data === null) {
    throw new Error('empty response');
  }
  return data;
}

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

export function createAdminApi(transport: Transport): AdminApi {
  const get = async <T>(path: string, decoder: Decoder<T>, signal?: AbortSignal): Promise<T> =>
    required((await transport.request(path, decoder, withSignal(signal))).data);
  return {
    products: (signal) => get('admin/products', productsResponse, signal),
    policies: (signal) => get('products', policiesResponse, signal),
    keys: (product, { limit, after, signal }) => {
      const query = new URLSearchParams({ product, limit: String(limit) });
      if (after !== null) {
        query.set('after', after);
      }
      return get(`admin/keys?${query.toString()}`, keyPage, signal);
    },
    key: (key, signal) => get(`admin/keys/${keyPath(key)}`, keyDetail, signal),
    queue: (signal) => get('admin/queue', queueState, signal),
    instances: (signal) => get('admin/instances', instancesResponse, signal),
    fetchValue: async (key, signal) => {
      const response = await transport.request(`fetch/${keyPath(key)}`, entry, withSignal(signal));
      const length = response.headers.get('Content-Length');
      return {
        entry: required(response.data),
        cacheStatus: response.headers.get('Cache-Status'),
        bytes: length === null ? null : Number(length),
      };
    },
    invalidate: async (key) => {
      await transport.request(`cache/${keyPath(key)}`, null, { method: 'DELETE' });
    },
    refresh: async (key) => {
      await transport.request(`refresh/${keyPath(key)}`, null, { method: 'POST' });
    },
    warm: async (product, rows) => {
      const options = rows === null ? { method: 'POST' as const } : { method: 'POST' as const, body: rows };
      return required((await transport.request(`admin/warm/${encodeURIComponent(product)}`, warmResult, options)).data);
    },
  };
}
