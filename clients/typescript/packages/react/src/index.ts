export { KckProvider, useKckClient, useKckStatus, useKckStore, windowEvents } from './provider.js';
export type { KckProviderProps, RevalidationEvents } from './provider.js';
export { useProduct } from './use-product.js';
export type { ProductResult, SuspenseProductResult, UseProductOptions } from './use-product.js';
export { ProductStore } from './store.js';
export type { ProductState, StoreOptions, WatchOptions } from './store.js';
