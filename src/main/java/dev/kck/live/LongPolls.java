package dev.kck.live;

import dev.kck.cache.CachedEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Held long polls: each waits for a version of one of its keys newer than the one its client holds
 * (a batch poll watches several keys), or for its deadline, whichever comes first, and is answered
 * exactly once. A waiter is a few objects in two maps; no thread waits with it.
 */
final class LongPolls {
  private static final Logger log = LoggerFactory.getLogger(LongPolls.class);

  private final Admission places;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentHashMap<String, Set<Waiter>> byKey = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<Waiter> byDeadline = new ConcurrentSkipListSet<>(
      Comparator.comparing(Waiter::deadline).thenComparingLong(Waiter::id));

  /** {@code versions}: per key watched, the version its client holds. */
  private record Waiter(long id, Map<String, Long> versions, Instant deadline, String holder,
      Consumer<Optional<CachedEntry>> answer, AtomicBoolean answered) {}

  LongPolls(Admission places) {
    this.places = places;
  }

  /**
   * Holds a poll of one or more keys, taking one place (or throws {@link LimitReached}); {@code
   * answer} gets the first newer entry of any of them, or empty at the deadline.
   */
  void add(Map<String, Long> versions, Instant deadline, String holder, Consumer<Optional<CachedEntry>> answer) {
    places.take(holder);
    Waiter waiter = new Waiter(sequence.incrementAndGet(), Map.copyOf(versions), deadline, holder, answer,
        new AtomicBoolean());
    versions.keySet().forEach(key -> byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(waiter));
    byDeadline.add(waiter);
  }

  boolean watches(String key) {
    return byKey.containsKey(key);
  }

  Set<String> keys() {
    return byKey.keySet();
  }

  /** Answers every poll of the entry's key that holds an older version. */
  void newVersion(CachedEntry entry) {
    Set<Waiter> waiters = byKey.get(entry.key());
    if (waiters == null) {
      return;
    }
    for (Waiter waiter : waiters) {
      if (waiter.versions().get(entry.key()) < entry.version()) {
        answer(waiter, Optional.of(entry));
      }
    }
  }

  /** Answers every poll whose deadline has come: nothing newer. */
  void expire(Instant now) {
    for (Waiter first = first(); first != null && !first.deadline().isAfter(now); first = first()) {
      answer(first, Optional.empty());
    }
  }

  /** Answers every poll now, as at its deadline (the instance is stopping). */
  void answerAll() {
    for (Waiter first = first(); first != null; first = first()) {
      answer(first, Optional.empty());
    }
  }

  int held() {
    return places.held();
  }

  private Waiter first() {
    try {
      return byDeadline.first();
    } catch (NoSuchElementException e) {
      return null;
    }
  }

  private void answer(Waiter waiter, Optional<CachedEntry> entry) {
    byDeadline.remove(waiter);
    if (!waiter.answered().compareAndSet(false, true)) {
      return;
    }
    waiter.versions().keySet().forEach(key -> byKey.computeIfPresent(key, (k, waiters) -> {
      waiters.remove(waiter);
      return waiters.isEmpty() ? null : waiters;
    }));
    places.give(waiter.holder());
    try {
      waiter.answer().accept(entry);
    } catch (RuntimeException e) {
      log.debug("Answering a long poll of {} failed: {}", waiter.versions().keySet(), e.getMessage());
    }
  }
}
