/**
 * Code and services told what the cache did: the {@link CacheListener} plugin API and {@link
 * Listeners}, which calls them off the request path on a bounded executor, dropping and counting
 * what does not fit and counting what throws.
 */
package dev.kck.hook;
