package dev.kck.store;

import java.time.Instant;

/**
 * A refresh request as claimed from the durable queue.
 *
 * @param key the key to refresh
 * @param demand how many times it was requested since it was first queued
 * @param firstRequested when it was first queued
 * @param generation grows with every request of the key; a completion at an older generation
 *     leaves the key pending (it was requested again while being refreshed)
 */
public record RefreshRequest(String key, long demand, Instant firstRequested, long generation) {}
