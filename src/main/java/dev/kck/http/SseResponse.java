package dev.kck.http;

import dev.kck.live.EventSink;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A {@code text/event-stream} response written with Jetty's own asynchronous writes (the core
 * {@link Response#write} under the servlet layer): a write returns at once and completes in a
 * callback, so a client that does not read holds bytes, never a thread. Javalin's SSE client writes
 * blocking on the caller's thread, which is what let one slow client stall every other.
 *
 * <p>The headers go out through the servlet layer first, so it commits the response as usual; from
 * then on only this class writes. {@link #done()} is the future the route hands {@code
 * ctx.future}: completing it lets Javalin end the async request (the last chunk).
 */
final class SseResponse implements EventSink {
  private final HttpServletRequest request;
  private final Response response;
  private final EndPoint endPoint;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private SseResponse(HttpServletRequest request, Response response, EndPoint endPoint) {
    this.request = request;
    this.response = response;
    this.endPoint = endPoint;
  }

  /**
   * Sends the stream's headers now. The server's idle timeout still applies to each write (a client
   * that stops reading is cut off by it too), not to the quiet between events: Jetty 12 times out
   * only pending reads and writes of a request in async mode.
   */
  static SseResponse begin(Context ctx) {
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on as they come
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    EndPoint endPoint = request.getServletChannel().getEndPoint();
    try {
      res.flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SseResponse(ctx.req(), request.getServletContextResponse(), endPoint);
  }

  /** Completes when the stream is over. */
  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void write(ByteBuffer bytes, Consumer<Throwable> written) {
    response.write(false, bytes, Callback.from(Invocable.InvocationType.NON_BLOCKING,
        () -> written.accept(null), written::accept));
  }

  @Override
  public void finish() {
    end();
  }

  @Override
  public void abort() {
    endPoint.close();
    end();
  }

  /**
   * Completes {@link #done()} on Jetty's pool: Javalin ends the request on the completing thread,
   * and this may be called from a write completion on a selector thread.
   */
  private void end() {
    try {
      request.getAsyncContext().start(() -> done.complete(null));
    } catch (RuntimeException e) {
      done.complete(null); // the request is over already
    }
  }
}
