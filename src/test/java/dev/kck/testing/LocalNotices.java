package dev.kck.testing;

import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Notices within one JVM, delivered at once on the publishing thread to every listener of every
 * instance that shares this object: a cluster whose notices never get lost or late, for unit tests.
 */
public final class LocalNotices implements Notices {
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
  private final List<Change> published = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Change change) {
    published.add(change);
    listeners.forEach(listener -> listener.accept(change));
  }

  @Override
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  @Override
  public void onResync(Runnable resync) {
    resyncs.add(resync);
  }

  /** Every notice published so far, in order. */
  public List<Change> published() {
    return List.copyOf(published);
  }

  /** As if the carrier had reconnected after losing notices. */
  public void resync() {
    resyncs.forEach(Runnable::run);
  }
}
