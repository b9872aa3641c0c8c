/**
 * Webhooks declared in product files: {@link WebhookRequests} queues a signed delivery of each new
 * version in the durable {@link dev.kck.journal.WebhookOutbox}, {@link WebhookSender} sends them at
 * least once, in order per key, with retries and backoff, per the Standard Webhooks specification
 * ({@link WebhookSignature}).
 */
package dev.kck.webhook;
