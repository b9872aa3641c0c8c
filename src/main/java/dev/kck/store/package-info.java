/**
 * The shared cache store behind the in-process L1, as four parts each with its own contract:
 * {@link EntryStore} (values with a version compare-and-set), {@link LeaseStore}, the durable
 * {@link RefreshQueue} and the {@link KeyIndex}; and what operators see of it, in {@link
 * CacheStore.Insight}: the {@link KeyCatalog}, {@link QueueInspection}, {@link Heartbeats} and
 * {@link EntryOrigins}. {@link CacheStore} holds one backend's parts and checks every argument
 * once. Backends live in the sub-packages.
 */
package dev.kck.store;
