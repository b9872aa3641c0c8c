package dev.kck.refresh;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.L1Cache;
import dev.kck.product.ProductRegistry;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when this instance writes a new version of a key: it takes it into its L1, tells
 * the cluster (whose L1s drop older copies and whose subscribers get it), and queues the keys built
 * from it. The value is already stored, so a failure here is logged, never thrown at the writer.
 */
public final class NewVersions implements Consumer<CachedEntry> {
  private static final Logger log = LoggerFactory.getLogger(NewVersions.class);

  private final L1Cache l1;
  private final ChangeFeed feed;
  private final RefreshPlanner planner;
  private final ProductRegistry registry;

  public NewVersions(L1Cache l1, ChangeFeed feed, RefreshPlanner planner, ProductRegistry registry) {
    this.l1 = l1;
    this.feed = feed;
    this.planner = planner;
    this.registry = registry;
  }

  @Override
  public void accept(CachedEntry entry) {
    l1.put(entry);
    feed.publish(new Change(Change.Kind.NEW_VERSION, entry.key(), entry.version()));
    try {
      planner.request(planner.dependentsOf(registry.parse(entry.key())));
    } catch (RuntimeException e) {
      log.warn("Could not queue the dependents of {}: {}", entry.key(), e.getMessage());
    }
  }
}
