/**
 * The in-process cache store, for tests and for embedding in one JVM, on an injected clock: {@link
 * MemoryStore#open} returns its parts.
 */
package dev.kck.store.memory;
