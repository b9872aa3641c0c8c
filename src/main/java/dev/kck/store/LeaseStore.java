package dev.kck.store;

import java.time.Duration;

/**
 * Named leases: a lease lets one owner in the cluster do a piece of work (a primer run, a
 * scheduled round) while others wait or skip it. A lease ends when released or when its duration
 * passes, so an owner that dies holds nothing for long.
 */
public interface LeaseStore {

  /** Takes or renews the named lease for {@code owner}: true when no one else holds it unexpired. */
  boolean take(String name, String owner, Duration duration);

  /** Gives the lease up early, if {@code owner} still holds it. */
  void release(String name, String owner);
}
