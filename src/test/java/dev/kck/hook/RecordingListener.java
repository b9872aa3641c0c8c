package dev.kck.hook;

import dev.kck.product.Key;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A cache listener of a test plugin jar: writes down every event as "event key version instance". */
public final class RecordingListener implements CacheListener {
  public static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

  @Override
  public void primed(Key key, NewEntry entry, String instance) {
    EVENTS.add("primed " + key.text() + " " + entry.version() + " " + instance);
  }

  @Override
  public void refreshed(Key key, NewEntry entry, String instance) {
    EVENTS.add("refreshed " + key.text() + " " + entry.version() + " " + instance);
  }

  @Override
  public void augmented(Key key, NewEntry entry, String instance) {
    EVENTS.add("augmented " + key.text() + " " + entry.version() + " " + instance + " " + entry.value());
  }

  @Override
  public void invalidated(Key key, String instance) {
    EVENTS.add("invalidated " + key.text() + " " + instance);
  }

  @Override
  public void updaterCommitted(String updater, List<Key> keys, String instance) {
    EVENTS.add("committed " + updater + " " + keys.stream().map(Key::text).toList() + " " + instance);
  }

  @Override
  public void primerFailed(Key key, Exception failure, String instance) {
    EVENTS.add("failed " + key.text() + " " + instance + " " + failure.getClass().getSimpleName());
  }
}
