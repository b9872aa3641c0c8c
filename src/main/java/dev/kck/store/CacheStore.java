package dev.kck.store;

import java.util.Objects;

/**
 * The shared cache store behind the in-process L1, as its four parts: {@link EntryStore entries},
 * {@link LeaseStore leases}, the {@link RefreshQueue refresh queue} and the {@link KeyIndex key
 * index}, and what operators see of it ({@link Insight}: the key catalog, the queue's state, the
 * instances' heartbeats). Each backend ({@code postgres}, {@code cassandra}, {@code memory}) has one factory that
 * returns this; each part has its own contract test, run against every backend. Parts are
 * thread-safe and wrap their own failures in {@link dev.kck.kernel.KckException.Unavailable}.
 *
 * <p>The arguments of every part are checked here, once, for every backend ({@link
 * StoreArguments}), so a backend's code can trust what it is given.
 */
public final class CacheStore implements AutoCloseable {
  private final String backend;
  private final EntryStore entries;
  private final LeaseStore leases;
  private final RefreshQueue queue;
  private final KeyIndex index;
  private final Insight insight;
  private final Runnable ping;
  private final AutoCloseable resources;

  /**
   * @param backend the backend's name as written in {@code cache.backend}
   * @param ping throws {@link dev.kck.kernel.KckException.Unavailable} when the store cannot be reached now
   * @param resources releases the backend's connections and threads
   */
  public CacheStore(String backend, EntryStore entries, LeaseStore leases, RefreshQueue queue, KeyIndex index,
      Insight insight, Runnable ping, AutoCloseable resources) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.entries = StoreArguments.checked(entries);
    this.leases = StoreArguments.checked(leases);
    this.queue = StoreArguments.checked(queue);
    this.index = StoreArguments.checked(index);
    this.insight = new Insight(StoreArguments.checked(insight.catalog()), StoreArguments.checked(insight.queue()),
        StoreArguments.checked(insight.heartbeats()), StoreArguments.checked(insight.origins()));
    this.ping = Objects.requireNonNull(ping, "ping");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  public String backend() {
    return backend;
  }

  public EntryStore entries() {
    return entries;
  }

  public LeaseStore leases() {
    return leases;
  }

  public RefreshQueue queue() {
    return queue;
  }

  public KeyIndex index() {
    return index;
  }

  public KeyCatalog catalog() {
    return insight.catalog();
  }

  public QueueInspection queueInspection() {
    return insight.queue();
  }

  public Heartbeats heartbeats() {
    return insight.heartbeats();
  }

  public EntryOrigins origins() {
    return insight.origins();
  }

  /** Throws {@link dev.kck.kernel.KckException.Unavailable} when the store cannot be reached now. */
  public void ping() {
    ping.run();
  }

  /** Releases connections and threads; every part fails afterwards. */
  @Override
  public void close() {
    try {
      resources.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the " + backend + " cache store failed", e);
    }
  }

  /** The parts that serve operators rather than the read and update paths. */
  public record Insight(KeyCatalog catalog, QueueInspection queue, Heartbeats heartbeats, EntryOrigins origins) {
    public Insight {
      Objects.requireNonNull(origins, "origins");
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(heartbeats, "heartbeats");
    }
  }

  @Override
  public String toString() {
    return backend + " cache store";
  }
}
