package dev.kck.update;

import dev.kck.kernel.KckException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every updater this instance runs, by name: the YAML ones and the Java ones found through ServiceLoader. */
public final class UpdaterRegistry {
  private final Map<String, Updater> updaters = new TreeMap<>();

  /** @throws IllegalArgumentException when two updaters share a name */
  public UpdaterRegistry(Collection<? extends Updater> all) {
    for (Updater updater : all) {
      Updater previous = updaters.putIfAbsent(updater.spec().name(), updater);
      if (previous != null) {
        throw new IllegalArgumentException("two updaters are named " + updater.spec().name()
            + " (" + origin(previous) + " and " + origin(updater) + ")");
      }
    }
  }

  public Optional<Updater> find(String name) {
    return Optional.ofNullable(updaters.get(name));
  }

  /** The updater of that name, or 404. */
  public Updater get(String name) {
    Updater updater = updaters.get(name);
    if (updater == null) {
      throw new KckException.NotFound("unknown updater '" + name + "'");
    }
    return updater;
  }

  /** Every updater, sorted by name. */
  public Collection<Updater> all() {
    return Collections.unmodifiableCollection(updaters.values());
  }

  private static String origin(Updater updater) {
    return updater.spec().file() != null ? updater.spec().file().toString() : updater.getClass().getName();
  }
}
