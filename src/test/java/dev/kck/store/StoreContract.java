package dev.kck.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kck.product.Key;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What the contract tests of the store's parts share: the backend under test ({@link StoreBackend},
 * one per backend), a fresh {@link CacheStore} of it for every test, and keys of each test's own.
 * {@link EntryStoreContract}, {@link LeaseStoreContract}, {@link RefreshQueueContract} and {@link
 * KeyIndexContract} each run against every backend.
 *
 * <p>Backends that persist keep data between the tests of a class, so every test uses keys and
 * lease names of its own (see {@link #key}).
 */
public abstract class StoreContract {
  /** A lifetime no test outlives. */
  protected static final Duration LONG = Duration.ofMinutes(10);

  protected CacheStore store;
  private String prefix;

  private StoreBackend backend;

  /** The backend under test. */
  protected abstract StoreBackend newBackend();

  /** The store's current time, the base for {@code modified} and {@code expiresAt}. */
  protected final Instant now() {
    return backend.now();
  }

  /** A lifetime for entries, leases and claims that a test then outlives: short when time is real. */
  protected final Duration shortLifetime() {
    return backend.shortLifetime();
  }

  /** Lets {@code elapsed} pass for the store, then checks {@code expectation} (see {@link StoreBackend}). */
  protected final void afterTimePasses(Duration elapsed, ThrowingRunnable expectation) {
    backend.afterTimePasses(elapsed, expectation);
  }

  @BeforeEach
  void openStore(TestInfo test) {
    prefix = test.getTestMethod().orElseThrow().getName() + "/";
    backend = newBackend();
    store = backend.open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** A key (or lease name) of this test alone; its product is the test's name. */
  protected String key(String name) {
    return prefix + name;
  }

  /** Whether {@code key} is one of this test's. */
  protected boolean isMine(String key) {
    return key.startsWith(prefix);
  }

  /**
   * A product name of this test alone: its name plus {@code suffix}. It fits the product-name
   * syntax as long as the test's name does (lower-case words joined by {@code _}).
   */
  protected String product(String suffix) {
    return prefix.substring(0, prefix.length() - 1) + "_" + suffix;
  }

  static Stream<String> oddKeys() {
    return Stream.of(
        "a/b%2Fc",
        "a/b/c",
        "ключ/東京/🙂/é",
        "quote'\"back\\slash/%00/;drop table entries;--",
        " leading and trailing space ",
        "k".repeat(1000),
        "ü".repeat(1000),
        incompressibleKey(Key.MAX_LENGTH));
  }

  /** Random code points from all planes (no NUL, no surrogates), exactly {@code bytes} in UTF-8. */
  static String incompressibleKey(int bytes) {
    Random random = new Random(42);
    StringBuilder key = new StringBuilder();
    while (true) {
      int codePoint = 1 + random.nextInt(0x2FFFF);
      if (Character.isSurrogate((char) codePoint) && codePoint < 0x10000) {
        continue;
      }
      String next = new String(Character.toChars(codePoint));
      if (key.toString().getBytes(UTF_8).length + next.getBytes(UTF_8).length > bytes) {
        break;
      }
      key.append(next);
    }
    return key + "x".repeat(bytes - key.toString().getBytes(UTF_8).length);
  }

  protected StoredEntry entry(String key, long version, String value) {
    return new StoredEntry(key, json("\"" + value + "\""), version, millis(now()), null);
  }

  protected StoredEntry expiringEntry(String key, long version, Instant expiresAt) {
    return new StoredEntry(key, json("\"v\""), version, millis(now()), expiresAt);
  }

  protected static byte[] json(String text) {
    return text.getBytes(UTF_8);
  }

  protected static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
