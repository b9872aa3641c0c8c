/**
 * What the operator commands do against a cluster's cache store, outside any running instance:
 * {@link CacheDump} and {@link CacheLoad} move the cache as JSON lines ({@link DumpLine}), for
 * backups and for moving between stores of different kinds; {@link Progress} reports long work on
 * stderr. The commands themselves (argument parsing, opening the store) live in {@code dev.kck}.
 */
package dev.kck.operator;
