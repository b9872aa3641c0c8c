/**
 * The cache store in Apache Cassandra, for deployments that scale out: {@link CassandraStore#open}
 * connects (or keeps trying in the background), creates the keyspace and tables, and returns the
 * parts; lightweight transactions only where a race must be won.
 */
package dev.kck.store.cassandra;
