/**
 * The authoritative PostgreSQL that primers read and updaters write: {@link Source} opens its
 * pools, over a configured JDBC URL or an embedded PostgreSQL started from Maven artifacts.
 */
package dev.kck.source;
