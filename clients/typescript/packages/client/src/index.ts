export { createClient } from './client.js';
export type { ClientOptions, KckClient, RequestOptions } from './client.js';
export { key, encodeSegment, normalizeKey, splitKey } from './key.js';
export { KckProblem, isProblemDocument } from './problem.js';
export type { ProblemDocument } from './problem.js';
export { MAX_BATCH, MAX_WAIT_SECONDS, isEntry } from './entries.js';
export type { FetchResult } from './entries.js';
export { MAX_STREAM_KEYS } from './live.js';
export type { ConnectionStatus, SubscribeOptions, Subscription, Transport } from './live.js';
export { prefetch } from './snapshot.js';
export type { Prefetched, Snapshot } from './snapshot.js';
export { backoffDelay } from './timing.js';
export type { BackoffOptions } from './timing.js';
export { jwtExpiry } from './token.js';
export type { TokenProvider } from './token.js';
export type { UpdateOptions, UpdateResponse, UpdateResult } from './updates.js';
export type { FetchFunction } from './http.js';
export type {
  Entry,
  JsonValue,
  KckProducts,
  KckUpdaters,
  KeyValue,
  ProductDefinition,
  ProductKey,
  ProductName,
  ProductOfKey,
  ProductParams,
  ProductValue,
  UpdaterDefinition,
  UpdaterName,
  UpdaterParams,
  ValueOfKey,
} from './types.js';
