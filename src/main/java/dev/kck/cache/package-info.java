/**
 * The read path: {@link Fetcher} answers from the in-process {@link L1Cache} of ready-to-send
 * entries, then the store, then one primer run per key cluster-wide ({@link PrimerRunner} under
 * {@link PrimerLeases}), serving stale values at once. It tells the layers above of every version
 * it writes and every stale value it serves.
 */
package dev.kck.cache;
