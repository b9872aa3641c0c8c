package dev.kck.hook;

import dev.kck.product.Key;
import java.util.List;

/** A cache listener of a test plugin jar that throws on every event. */
public final class ThrowingListener implements CacheListener {
  @Override
  public void primed(Key key, NewEntry entry, String instance) {
    throw new IllegalStateException("a listener that fails on primed");
  }

  @Override
  public void refreshed(Key key, NewEntry entry, String instance) throws Exception {
    throw new Exception("a listener that fails on refreshed");
  }

  @Override
  public void augmented(Key key, NewEntry entry, String instance) {
    throw new IllegalStateException("a listener that fails on augmented");
  }

  @Override
  public void invalidated(Key key, String instance) {
    throw new IllegalStateException("a listener that fails on invalidated");
  }

  @Override
  public void updaterCommitted(String updater, List<Key> keys, String instance) {
    throw new IllegalStateException("a listener that fails on committed");
  }

  @Override
  public void primerFailed(Key key, Exception failure, String instance) {
    throw new IllegalStateException("a listener that fails on a failure");
  }
}
