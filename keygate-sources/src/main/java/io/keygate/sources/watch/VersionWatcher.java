package io.keygate.sources.watch;

import io.keygate.secrets.SecretEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the current version of every secret a source has served, for sources that cannot push
 * events: on an interval (and on demand) it asks a {@link Probe} for each secret's state and
 * publishes {@link SecretEvent.Type#NEW_VERSION}, {@link SecretEvent.Type#DISABLED} or {@link
 * SecretEvent.Type#DELETED} when the state changed since it was last seen. Only unpinned references
 * are watched: a pinned version does not change.
 *
 * <p>Probes are asynchronous; the scheduler thread only starts them, and a round does not start
 * while the previous one is still running. A failed probe publishes nothing (the resolver's
 * stale-if-error covers outages) and is logged without detail of any value.
 */
public final class VersionWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VersionWatcher.class);

  /** Asks the source for the current state of one secret; never blocks the calling thread. */
  @FunctionalInterface
  public interface Probe {
    CompletionStage<State> current(String vault, String name);
  }

  /**
   * What a probe found: the current version, or that the secret is disabled or gone.
   *
   * @param kind which
   * @param version the current version ({@link Kind#CURRENT}), else empty
   */
  public record State(Kind kind, String version) {
    public enum Kind {
      CURRENT,
      DISABLED,
      GONE
    }

    public static State current(String version) {
      return new State(Kind.CURRENT, version);
    }

    public static State disabled() {
      return new State(Kind.DISABLED, "");
    }

    public static State gone() {
      return new State(Kind.GONE, "");
    }
  }

  private record Key(String vault, String name) {}

  private final String sourceName;
  private final Probe probe;
  private final Consumer<SecretEvent> publish;
  private final Clock clock;
  private final Map<Key, State> known = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final ScheduledExecutorService scheduler;

  /**
   * Watches through {@code probe} every {@code interval} ({@link Duration#ZERO}: only on {@link
   * #pollNow()}), publishing to {@code publish}.
   */
  public VersionWatcher(
      String sourceName,
      Duration interval,
      Probe probe,
      Consumer<SecretEvent> publish,
      Clock clock) {
    this.sourceName = sourceName;
    this.probe = probe;
    this.publish = publish;
    this.clock = clock;
    if (interval.isZero()) {
      this.scheduler = null;
    } else {
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "keygate-" + sourceName + "-poller");
                thread.setDaemon(true);
                return thread;
              });
      long millis = Math.max(1, interval.toMillis());
      scheduler.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Records that {@code vault/name} was just served at {@code version}. A version other than the
   * one last seen is a new version: it is published, so caches holding the old one for other
   * callers drop it.
   */
  public void served(String vault, String name, String version) {
    State now = State.current(version);
    State before = known.put(new Key(vault, name), now);
    if (before != null && !before.equals(now)) {
      publish(SecretEvent.Type.NEW_VERSION, vault, name, version);
    }
  }

  /**
   * Records what an outside event (a webhook) says and publishes it when it changes what was known.
   * A secret not watched yet is published but not added: a sender cannot grow what is polled.
   * Returns whether an event was published.
   */
  public boolean observed(String vault, String name, State state) {
    Key key = new Key(vault, name);
    if (known.containsKey(key)) {
      return apply(key, state);
    }
    announce(key, state);
    return true;
  }

  /** How many secrets are watched. */
  public int watched() {
    return known.size();
  }

  /** Probes every watched secret now; completes when all probes have answered or failed. */
  public CompletionStage<Void> pollNow() {
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    for (Key key : List.copyOf(known.keySet())) {
      CompletionStage<State> stage;
      try {
        stage = probe.current(key.vault(), key.name());
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      probes.add(
          stage
              .toCompletableFuture()
              .handle(
                  (state, error) -> {
                    if (error != null) {
                      log.warn(
                          "{} poll of {}/{} failed: {}",
                          sourceName,
                          key.vault(),
                          key.name(),
                          describe(error));
                    } else {
                      apply(key, state);
                    }
                    return null;
                  }));
    }
    return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new));
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      pollNow().whenComplete((ignored, error) -> running.set(false));
    } catch (RuntimeException e) {
      running.set(false);
      log.warn("{} poll round failed: {}", sourceName, e.toString());
    }
  }

  private boolean apply(Key key, State state) {
    State before = known.put(key, state);
    if (state.equals(before)) {
      return false;
    }
    announce(key, state);
    return true;
  }

  private void announce(Key key, State state) {
    switch (state.kind()) {
      case CURRENT ->
          publish(SecretEvent.Type.NEW_VERSION, key.vault(), key.name(), state.version());
      case DISABLED -> publish(SecretEvent.Type.DISABLED, key.vault(), key.name(), "");
      case GONE -> publish(SecretEvent.Type.DELETED, key.vault(), key.name(), "");
    }
  }

  private void publish(SecretEvent.Type type, String vault, String name, String version) {
    log.info("{} secret {}/{}: {} {}", sourceName, vault, name, type, version);
    publish.accept(new SecretEvent(type, vault, name, version, clock.instant()));
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.CompletionException)) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Stops polling. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
