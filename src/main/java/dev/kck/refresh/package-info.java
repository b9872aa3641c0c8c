/**
 * Keeping values fresh: the {@link RefreshPlanner} works out which keys a change affects and
 * queues them; {@link RefreshWorkers} work through the durable queue; schedules, boot priming and
 * stale-while-revalidate feed it; {@link NewVersions} and {@link NoticeListener} tell the cluster
 * of new versions and act on its notices.
 */
package dev.kck.refresh;
