package io.keygate.gateway.ratelimit;

import io.keygate.gateway.keys.GatewayDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota counters: how many requests each subject made under each policy in the current renewal
 * window. Windows are fixed and aligned to the epoch ({@code per: 30d} renews every 30 days at the
 * same instants on every node). Counting happens in memory; the counts are written behind to the
 * gateway database at least every second and on {@link #close()}, so a restart does not reset a
 * quota and no request waits for a write.
 */
public final class QuotaLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaLedger.class);

  /** Returned by {@link #tryConsume} when the quota is used up. */
  public static final long EXHAUSTED = -1;

  private final QuotaStore store;
  private final Clock clock;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>> byPolicy =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;

  private QuotaLedger(QuotaStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    if (store == null) {
      writer = null;
      return;
    }
    for (QuotaStore.Usage row : store.loadAll()) {
      Counter c = counter(row.policy(), row.subject(), row.windowStartMs());
      c.total.set(row.used());
    }
    writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("keygate-quota-writer").unstarted(r));
    writer.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /** Counters persisted in {@code db}, loaded now. */
  public static QuotaLedger open(GatewayDatabase db) {
    return open(db, Clock.systemUTC());
  }

  public static QuotaLedger open(GatewayDatabase db, Clock clock) {
    return new QuotaLedger(new QuotaStore(db), clock);
  }

  /** Counters that live only in memory (tests, benchmarks, a gateway without a database). */
  public static QuotaLedger inMemory(Clock clock) {
    return new QuotaLedger(null, clock);
  }

  /**
   * Counts one request if the quota allows it. Never blocks.
   *
   * @return the requests left in this window after this one, or {@link #EXHAUSTED}
   */
  public long tryConsume(String policy, String subject, long max, long periodMs) {
    long now = clock.millis();
    long window = now - Math.floorMod(now, periodMs);
    Counter c = counter(policy, subject, window);
    if (c.windowStartMs != window) {
      c.roll(window);
    }
    while (true) {
      long used = c.total.get();
      if (used >= max) {
        return EXHAUSTED;
      }
      if (c.total.compareAndSet(used, used + 1)) {
        c.pending.incrementAndGet();
        return max - used - 1;
      }
    }
  }

  /** Requests counted for {@code subject} under {@code policy} in its current window. */
  public long used(String policy, String subject) {
    ConcurrentHashMap<String, Counter> subjects = byPolicy.get(policy);
    Counter c = subjects == null ? null : subjects.get(subject);
    return c == null ? 0 : c.total.get();
  }

  /** Milliseconds from now until the window of a {@code periodMs} quota renews. */
  public long millisUntilRenewal(long periodMs) {
    long now = clock.millis();
    return periodMs - Math.floorMod(now, periodMs);
  }

  /** Writes pending counts now. */
  public void flush() {
    if (store == null) {
      return;
    }
    List<QuotaStore.Usage> deltas = new ArrayList<>();
    List<Counter> counters = new ArrayList<>();
    byPolicy.forEach(
        (policy, subjects) ->
            subjects.forEach(
                (subject, c) -> {
                  long delta = c.pending.getAndSet(0);
                  if (delta > 0) {
                    deltas.add(new QuotaStore.Usage(policy, subject, c.windowStartMs, delta));
                    counters.add(c);
                  }
                }));
    if (deltas.isEmpty()) {
      return;
    }
    List<QuotaStore.Usage> after;
    try {
      after = store.add(deltas);
    } catch (RuntimeException e) {
      for (int i = 0; i < counters.size(); i++) {
        counters.get(i).pending.addAndGet(deltas.get(i).used());
      }
      throw e;
    }
    for (int i = 0; i < after.size(); i++) {
      Counter c = counters.get(i);
      QuotaStore.Usage row = after.get(i);
      if (row.windowStartMs() == c.windowStartMs) {
        // The database total includes other nodes' counts; keep what arrived since the snapshot.
        c.total.set(row.used() + c.pending.get());
      }
    }
  }

  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  private Counter counter(String policy, String subject, long window) {
    ConcurrentHashMap<String, Counter> subjects = byPolicy.get(policy);
    if (subjects == null) {
      subjects = byPolicy.computeIfAbsent(policy, p -> new ConcurrentHashMap<>());
    }
    Counter c = subjects.get(subject);
    if (c == null) {
      c = subjects.computeIfAbsent(subject, s -> new Counter(window));
    }
    return c;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not write quota usage; will retry: {}", e.getMessage());
    }
  }

  private static final class Counter {
    final AtomicLong total = new AtomicLong();
    final AtomicLong pending = new AtomicLong();
    volatile long windowStartMs;

    Counter(long windowStartMs) {
      this.windowStartMs = windowStartMs;
    }

    synchronized void roll(long window) {
      if (windowStartMs != window) {
        windowStartMs = window;
        total.set(0);
        pending.set(0);
      }
    }
  }
}
