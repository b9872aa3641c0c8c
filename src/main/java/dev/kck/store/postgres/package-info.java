/**
 * The cache store in PostgreSQL tables of a {@code kck} schema: {@link PostgresStore#open} creates
 * them when absent and returns the parts, each one prepared statement per operation.
 */
package dev.kck.store.postgres;
