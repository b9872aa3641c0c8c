package dev.kck.cache;

import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns a computed value into the JSON bytes the cache keeps, refusing one over {@code
 * cache.max_value_bytes}: a primer result that large is an error (500 naming the limit) found while
 * writing it, not an OutOfMemoryError later, and every value an instance holds is at most this big.
 */
public final class ValueCodec {
  private final long maxBytes;

  public ValueCodec(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The value's JSON; throws {@link KckException.Internal} when it cannot be written or is too large. */
  public byte[] toJson(String key, Object value) {
    Bounded out = new Bounded(maxBytes);
    try {
      Json.MAPPER.writeValue(out, value);
      return out.bytes.toByteArray();
    } catch (IOException e) {
      if (out.overflowed) {
        throw new KckException.Internal("the value of " + key + " is over cache.max_value_bytes (" + maxBytes
            + " bytes)", e);
      }
      throw new KckException.Internal("the value of " + key + " is not serialisable as JSON", e);
    }
  }

  /** Stops the write with an IOException once the bound is passed, so nothing larger is ever buffered. */
  private static final class Bounded extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long max;
    private boolean overflowed;

    Bounded(long max) {
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      ensure(1);
      bytes.write(b);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      ensure(length);
      bytes.write(buffer, offset, length);
    }

    private void ensure(int more) throws IOException {
      if (bytes.size() + (long) more > max) {
        overflowed = true;
        throw new IOException("over " + max + " bytes");
      }
    }
  }
}
