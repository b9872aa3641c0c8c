package dev.kck.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a request body whole, without holding a thread while it arrives, before the request reaches
 * Javalin. Javalin's handlers read bodies with blocking IO; without this, each client that sends
 * headers and then trickles its body holds a request thread, and a few hundred of them stop the
 * server answering anyone. Here a waiting body costs a connection and the bytes received so far
 * (at most {@code server.max_body}): the thread is only taken once the body is complete.
 *
 * <p>A body declared larger than {@code max_body} goes on unread, so that the route answers 413 at
 * once; a chunked one that grows past it is answered 413 here. A body cut off by the idle timeout,
 * the minimum data rate or the client is answered 408 or 400, and the connection is closed.
 */
final class BodyPrefetch extends Handler.Wrapper {
  private final long maxBody;

  BodyPrefetch(long maxBody) {
    this.maxBody = maxBody;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Handler next = getHandler();
    if (next == null) {
      return false;
    }
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
    if (declared > maxBody || declared <= 0 && !chunked) {
      return next.handle(request, response, callback);
    }
    new Reader(next, request, response, callback).run();
    return true;
  }

  /** Reads what has arrived, then asks to be called again when more does; dispatches once the body is whole. */
  private final class Reader implements Runnable {
    private final Handler next;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Reader(Handler next, Request request, Response response, Callback callback) {
      this.next = next;
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          boolean timedOut = chunk.getFailure() instanceof TimeoutException;
          Response.writeError(request, response, callback,
              timedOut ? HttpStatus.REQUEST_TIMEOUT_408 : HttpStatus.BAD_REQUEST_400,
              timedOut ? "the body did not arrive in time" : "the body could not be read");
          return;
        }
        boolean last = chunk.isLast();
        copy(chunk);
        if (body.size() > maxBody) {
          Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
              "the body is over the " + maxBody + "-byte limit");
          return;
        }
        if (last) {
          dispatch();
          return;
        }
      }
    }

    private void copy(Content.Chunk chunk) {
      try {
        ByteBuffer bytes = chunk.getByteBuffer();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        body.writeBytes(copy);
      } finally {
        chunk.release();
      }
    }

    private void dispatch() {
      Request whole = new Prefetched(request, body.toByteArray());
      try {
        if (!next.handle(whole, response, callback)) {
          Response.writeError(whole, response, callback, HttpStatus.NOT_FOUND_404);
        }
      } catch (Throwable failure) {
        Response.writeError(whole, response, callback, failure);
      }
    }
  }

  /** The request with its body already read: one last chunk, then end of content. */
  private static final class Prefetched extends Request.Wrapper {
    private Content.Chunk rest;

    Prefetched(Request request, byte[] body) {
      super(request);
      this.rest = Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = rest;
      rest = Content.Chunk.EOF;
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run(); // the content is all here
    }
  }
}
