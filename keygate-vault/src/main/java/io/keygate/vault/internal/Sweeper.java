package io.keygate.vault.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Purges soft-deleted secrets past their retention, periodically, on a daemon thread. */
final class Sweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
  private final ScheduledExecutorService scheduler;

  private Sweeper(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  interface Sweep {
    int purgeExpiredDeletions(Instant now);
  }

  /** Starts sweeping every {@code interval}; a zero interval starts nothing. */
  static Sweeper start(Sweep sweep, Clock clock, Duration interval) {
    if (interval.isZero()) {
      return new Sweeper(null);
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "keygate-vault-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            int purged = sweep.purgeExpiredDeletions(clock.instant());
            if (purged > 0) {
              log.info("Purged {} deleted secret(s) past their retention", purged);
            }
          } catch (RuntimeException e) {
            log.warn("Sweeping deleted secrets failed; will retry", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return new Sweeper(scheduler);
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
