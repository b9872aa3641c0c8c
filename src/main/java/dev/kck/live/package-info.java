/**
 * Values pushed to clients as they change. {@link dev.kck.live.Subscriptions} holds this instance's
 * {@code /subscribe} streams and long polls, within the {@code live:} limits, and hands each new
 * version the cluster's notices announce to them; an {@link dev.kck.live.EventSink} (the HTTP
 * layer's asynchronous response) carries a stream's bytes, so no thread here waits on a client.
 */
package dev.kck.live;
