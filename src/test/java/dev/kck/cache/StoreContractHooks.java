package dev.kck.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What a backend supplies to run {@link CacheStoreContract}, and the per-test setup every part of
 * the contract shares. The contract is split by feature into a chain of abstract classes (this,
 * {@link RefreshQueueContract}, {@link CacheStoreContract}) only to keep each file readable; a
 * backend extends {@link CacheStoreContract} and runs all of it.
 *
 * <p>Backends that persist keep data between the tests of a class, so every test uses keys and
 * lease names of its own (see {@link #key}).
 */
public abstract class StoreContractHooks {
  /** A lifetime no test outlives. */
  protected static final Duration LONG = Duration.ofMinutes(10);

  protected CacheStore store;
  private String prefix;

  /** A store for one test; the contract closes it afterwards. */
  protected abstract CacheStore newStore();

  /** The store's current time, the base for {@code modified} and {@code expiresAt}. */
  protected abstract Instant now();

  /** A lifetime for entries, leases and claims that a test then outlives: short when time is real. */
  protected abstract Duration shortLifetime();

  /**
   * Lets {@code elapsed} pass for the store, then checks {@code expectation}: a fake clock moves on
   * and checks once; real time is polled (Awaitility) until the expectation holds.
   */
  protected abstract void afterTimePasses(Duration elapsed, ThrowingRunnable expectation);

  @BeforeEach
  void openStore(TestInfo test) {
    prefix = test.getTestMethod().orElseThrow().getName() + "/";
    store = newStore();
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
        incompressibleKey(CacheStore.MAX_KEY_BYTES));
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
}
