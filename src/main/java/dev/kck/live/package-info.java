/**
 * Values pushed to clients as they change: {@link Subscriptions} holds the open {@code /subscribe}
 * streams and sends each new version the cluster's notices announce.
 */
package dev.kck.live;
