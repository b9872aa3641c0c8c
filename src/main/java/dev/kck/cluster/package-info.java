/**
 * Notices between the instances of a cluster: a {@link Change} (a new version, a deletion, a
 * queued refresh) published on one instance reaches all of them through {@link Notices}, carried
 * by PostgreSQL LISTEN/NOTIFY ({@link ChangeFeed}).
 */
package dev.kck.cluster;
