package dev.kck.kernel;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of an instance, in the order they started, so they stop in reverse: what was
 * started last (the HTTP server) stops first, and nothing stops while a part started after it
 * still runs. Each stop is bounded by the part itself; a failing one is logged and the rest still
 * stop.
 */
public final class Lifecycle implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  /** How a started part stops. */
  @FunctionalInterface
  public interface Stop<T> {
    void stop(T part) throws Exception;
  }

  private record Part(String name, Runnable stop) {}

  /** A stop that may throw, run later. */
  @FunctionalInterface
  private interface Runnable {
    void run() throws Exception;
  }

  private final Deque<Part> started = new ArrayDeque<>();

  /** Records that {@code part} has started (under a name for the log) and returns it. */
  public <T> T started(String name, T part, Stop<? super T> stop) {
    log.debug("Started {}", name);
    started.push(new Part(name, () -> stop.stop(part)));
    return part;
  }

  /** {@link #started(String, Object, Stop)} for a part that stops by closing. */
  public <T extends AutoCloseable> T started(String name, T part) {
    return started(name, part, AutoCloseable::close);
  }

  /** Stops every part, last started first. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      Part part = started.pop();
      try {
        long begun = System.nanoTime();
        part.stop().run();
        log.debug("Stopped {} in {} ms", part.name(), (System.nanoTime() - begun) / 1_000_000);
      } catch (Exception e) {
        log.warn("Error while stopping {}", part.name(), e);
      }
    }
  }
}
