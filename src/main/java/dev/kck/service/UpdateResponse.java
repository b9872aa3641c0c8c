package dev.kck.service;

/**
 * What {@code POST /update} answers: the JSON body ({@code {"updater", "rows", "refreshing"}}), the
 * new ETag of the key a conditional update was based on (else null), and whether this is the stored
 * response to an idempotency key sent before.
 */
public record UpdateResponse(byte[] body, String etag, boolean replayed) {}
