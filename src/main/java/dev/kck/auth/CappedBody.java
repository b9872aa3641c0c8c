package dev.kck.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap: one byte more fails it and cancels the exchange, so
 * that a server sending without end costs at most the cap. {@link #abandon} does the same when the
 * caller stops waiting. Any status's body is read this way, so an error page is bounded too.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final int maxBytes;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  CappedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (result.isDone()) {
      subscription.cancel();
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      if (result.isDone()) {
        return;
      }
      if (bytes.size() + (long) buffer.remaining() > maxBytes) {
        fail(new IOException("body over " + maxBytes + " bytes"));
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }

  /** Stops reading: the exchange is cancelled and its connection closed. */
  void abandon() {
    fail(new IOException("abandoned"));
  }

  private void fail(IOException failure) {
    result.completeExceptionally(failure);
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }
}
