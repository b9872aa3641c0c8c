package dev.kck.refresh;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.L1Cache;
import dev.kck.cache.VersionListener;
import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.product.ProductRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when this instance writes a new version of a key: it takes it into its L1, tells
 * the cluster (whose L1s drop older copies and whose subscribers get it), and queues the keys built
 * from it. The value is already stored, so a failure here is logged, never thrown at the writer.
 */
public final class NewVersions implements VersionListener {
  private static final Logger log = LoggerFactory.getLogger(NewVersions.class);

  private final L1Cache l1;
  private final Notices notices;
  private final RefreshPlanner planner;
  private final ProductRegistry registry;

  public NewVersions(L1Cache l1, Notices notices, RefreshPlanner planner, ProductRegistry registry) {
    this.l1 = l1;
    this.notices = notices;
    this.planner = planner;
    this.registry = registry;
  }

  @Override
  public void written(CachedEntry entry, Origin origin) {
    l1.put(entry);
    notices.publish(new Change(Change.Kind.NEW_VERSION, entry.key(), entry.version()));
    try {
      planner.request(planner.dependentsOf(registry.parse(entry.key())));
    } catch (RuntimeException e) {
      log.warn("Could not queue the dependents of {}: {}", entry.key(), e.getMessage());
    }
  }
}
