package dev.kck.live;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Where one stream's bytes go: an HTTP response written asynchronously, one write at a time, so
 * that no thread ever waits on a client. The HTTP layer implements it over Jetty; tests over a
 * recording fake whose writes they complete when they like.
 */
public interface EventSink {

  /**
   * Starts writing the bytes and returns at once. {@code written} is called exactly once, with
   * null when the bytes are out or with the failure, possibly before this method returns. The next
   * write starts only after that call.
   */
  void write(ByteBuffer bytes, Consumer<Throwable> written);

  /** Ends the response normally, after the last write completed. */
  void finish();

  /** Cuts the connection now, a write in flight or not. */
  void abort();
}
