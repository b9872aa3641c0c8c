/**
 * What KCK records in the source database, in the kck schema, inside an update's own transaction:
 * the refresh intents of the transactional {@link Outbox}, the responses to {@link IdempotencyKeys},
 * and the versions conditional updates were based on ({@link IfMatchLedger}). So an update and what
 * must follow from it commit together or not at all, whatever the cache store is doing. The
 * {@link WebhookOutbox} keeps webhook deliveries there too, taken like the outbox's intents.
 */
package dev.kck.journal;
