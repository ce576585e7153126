package io.keygate.vault.rotation;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultException;
import io.keygate.vault.events.EventLog;
import io.keygate.vault.events.VaultEvent;
import io.keygate.vault.rotation.generators.Generators;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates secrets when their policy says so, on every node of a cluster, each due secret exactly
 * once. A run ({@link #runOnce}) ends finished overlaps, raises near-expiry and expiry events,
 * completes rotations interrupted by a crash, and rotates every secret whose Rotate trigger has
 * fired. A failed rotation leaves the current version in service, is recorded in the history,
 * raised as {@code SecretRotationFailed} and retried with back-off (1 minute, doubling, at most 1
 * hour). Tests call {@link #runOnce(Instant)}; {@link #start(Duration)} runs it periodically.
 */
public final class RotationScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RotationScheduler.class);

  private final Sql sql;
  private final Clock clock;
  private final StateTable states = new StateTable();
  private final PolicyTable policies = new PolicyTable();
  private final ExpiryNotifier expiry;
  private final OverlapEnder overlaps;
  private final RotationRun run;
  private final List<Consumer<SecretEvent>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder rotations = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private ScheduledExecutorService timer;

  /** What one run did. */
  public record RunSummary(int rotated, int failed, int notified, int disabled) {}

  RotationScheduler(
      SecretVault vault,
      Sql sql,
      EventLog events,
      Generators generators,
      Clock clock,
      String owner,
      Duration lease,
      Duration nearExpiryLead) {
    this.sql = sql;
    this.clock = clock;
    HistoryTable history = new HistoryTable();
    this.expiry = new ExpiryNotifier(events, nearExpiryLead, this::publish);
    this.overlaps = new OverlapEnder(vault, sql, history);
    this.run =
        new RotationRun(
            vault,
            sql,
            states,
            history,
            events,
            generators,
            owner,
            lease,
            this::publish,
            rotations,
            failures);
  }

  /** One pass over every secret; returns what it did. Safe to run on several nodes at once. */
  public RunSummary runOnce(Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.SECONDS);
    int disabled = overlaps.run(at);
    Map<String, String> policyJson = sql.read(policies::all);
    Map<String, RotationState> pending =
        sql.read(c -> states.pending(c)).stream()
            .collect(java.util.stream.Collectors.toMap(s -> s.vault() + "/" + s.name(), s -> s));
    int rotated = 0;
    int failed = 0;
    int notified = 0;
    for (CurrentVersion secret : sql.read(CurrentVersion::all)) {
      Optional<RotationPolicy> policy = policyFor(policyJson, secret);
      notified += expiry.check(secret, policy, at);
      RotationState state = pending.get(secret.vault() + "/" + secret.name());
      boolean unfinished = state != null && !state.phase().equals(RotationState.IDLE);
      boolean waiting =
          state != null
              && state.nextAttemptAt() != null
              && state.nextAttemptAt() > at.getEpochSecond();
      if (policy.isEmpty() || policy.get().generator().isEmpty()) {
        continue;
      }
      if (unfinished || (!waiting && RotationDue.trigger(policy.get(), secret, at).isPresent())) {
        Optional<RotationRecord> outcome = run.rotate(secret, policy.get(), at, Optional.empty());
        if (outcome.isPresent()) {
          if (outcome.get().outcome().equals(RotationRecord.SUCCEEDED)) {
            rotated++;
          } else {
            failed++;
          }
        }
      }
    }
    disabled += overlaps.run(at);
    return new RunSummary(rotated, failed, notified, disabled);
  }

  /**
   * Rotates one secret now, whatever its triggers say; 400 when it has no policy with a generator,
   * 409 when another node is rotating it. A failed rotation is returned (and recorded), not thrown.
   */
  public RotationRecord rotateNow(String vault, String name) {
    Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    CurrentVersion secret =
        sql.read(c -> CurrentVersion.one(c, vault, name))
            .orElseThrow(
                () ->
                    new VaultException.NotFound(
                        VaultException.NotFound.SECRET_NOT_FOUND,
                        "secret " + vault + "/" + name + " not found"));
    Optional<RotationPolicy> policy = policyFor(sql.read(policies::all), secret);
    if (policy.isEmpty() || policy.get().generator().isEmpty()) {
      throw new VaultException.BadParameter(
          "secret " + vault + "/" + secret.name() + " has no rotation policy with a generator");
    }
    return run.rotate(secret, policy.get(), at, Optional.of("manual"))
        .orElseThrow(
            () ->
                new VaultException.Conflict(
                    VaultException.Conflict.CONFLICT,
                    "secret " + vault + "/" + secret.name() + " is being rotated by another node"));
  }

  /** The secret's rotations, newest first. */
  public List<RotationRecord> history(String vault, String name, int limit) {
    CurrentVersion secret =
        sql.read(c -> CurrentVersion.one(c, vault, name))
            .orElseThrow(
                () ->
                    new VaultException.NotFound(
                        VaultException.NotFound.SECRET_NOT_FOUND,
                        "secret " + vault + "/" + name + " not found"));
    return sql.read(c -> new HistoryTable().list(c, vault, secret.name(), limit));
  }

  /**
   * Subscribes to {@code ROTATING}, {@code NEAR_EXPIRY} and {@code EXPIRED} events (the vault's own
   * {@code subscribe} carries {@code NEW_VERSION} and the rest).
   */
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Rotations that succeeded since start (ready for a metrics gauge). */
  public long rotationCount() {
    return rotations.sum();
  }

  /** Rotations that failed since start (ready for a metrics counter). */
  public long failureCount() {
    return failures.sum();
  }

  /** Runs {@link #runOnce} every {@code interval} on a daemon thread until {@link #close()}. */
  public synchronized void start(Duration interval) {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "keygate-rotation");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(this::tick, 0, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  void crashHook(Consumer<String> hook) {
    run.crashHook(hook);
  }

  private void tick() {
    try {
      runOnce(clock.instant());
    } catch (RuntimeException e) {
      log.error("Rotation run failed; the next run retries", e);
    }
  }

  private void publish(SecretEvent event) {
    for (Consumer<SecretEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn(
            "Rotation event listener failed on {} {}/{}",
            event.type(),
            event.vault(),
            event.name(),
            e);
      }
    }
  }

  private static Optional<RotationPolicy> policyFor(Map<String, String> json, CurrentVersion s) {
    String own = json.get(s.vault() + "/" + s.name());
    String fallback = json.get(s.vault() + "/" + PolicyTable.DEFAULT);
    String chosen = own != null ? own : fallback;
    return Optional.ofNullable(chosen).map(RotationPolicyJson::parse);
  }

  static String eventKey(String type, String vault, String name, String version) {
    return type + "/" + vault + "/" + name + "/" + version;
  }

  static final String NEW_VERSION = VaultEvent.NEW_VERSION_CREATED;
}
