package io.keygate.vault.rotation;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.events.EventLog;
import io.keygate.vault.events.VaultEvent;
import io.keygate.vault.rotation.generators.Generators;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One secret's rotation, written so that a crash at any point is repaired by the next run: claim
 * (lease) → intent row ({@code APPLYING}) → generate and apply at the target → store the new
 * version, tagged with the intent's id → {@code STORED} → publish and record. An {@code APPLYING}
 * intent whose tagged version is current was stored: it is completed. Otherwise the target may or
 * may not have changed, and the rotation runs again for the same target credential (generators are
 * safe to repeat). A {@code STORED} intent is published and recorded.
 */
final class RotationRun {
  /** Tag on a rotated version: the rotation (intent) that stored it. */
  static final String INTENT_TAG = "keygate-rotation";

  /** Tag on a version: which of the two target credentials its value belongs to. */
  static final String CREDENTIAL_TAG = "keygate-credential";

  private static final Logger log = LoggerFactory.getLogger(RotationRun.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  private static final Duration LAST_RETRY = Duration.ofHours(1);

  private final SecretVault vault;
  private final Sql sql;
  private final StateTable states;
  private final HistoryTable history;
  private final EventLog events;
  private final Generators generators;
  private final String owner;
  private final Duration lease;
  private final Consumer<SecretEvent> publish;
  private final LongAdder rotations;
  private final LongAdder failures;
  private final RotationAudit audit;
  private volatile Consumer<String> crashHook = point -> {};

  RotationRun(
      SecretVault vault,
      Sql sql,
      StateTable states,
      HistoryTable history,
      EventLog events,
      Generators generators,
      String owner,
      Duration lease,
      Consumer<SecretEvent> publish,
      LongAdder rotations,
      LongAdder failures) {
    this.vault = vault;
    this.sql = sql;
    this.states = states;
    this.history = history;
    this.events = events;
    this.generators = generators;
    this.owner = owner;
    this.lease = lease;
    this.publish = publish;
    this.rotations = rotations;
    this.failures = failures;
    this.audit = new RotationAudit(vault, owner);
  }

  void crashHook(Consumer<String> hook) {
    this.crashHook = hook;
  }

  /**
   * Claims and rotates (or repairs) the secret. Empty when another node holds it, or when, once
   * claimed, there is nothing to do (another node just rotated it).
   */
  Optional<RotationRecord> rotate(
      CurrentVersion seen, RotationPolicy policy, Instant now, Optional<String> manual) {
    long until = now.plus(lease).getEpochSecond();
    Optional<RotationState> claimed =
        sql.write(
            c ->
                states.claim(
                    c,
                    sql.postgres(),
                    seen.vault(),
                    seen.name(),
                    owner,
                    now.getEpochSecond(),
                    until));
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    RotationState state = claimed.get();
    CurrentVersion current =
        sql.read(c -> CurrentVersion.one(c, seen.vault(), seen.name())).orElse(null);
    if (current == null) {
      release(state);
      return Optional.empty();
    }
    if (state.phase().equals(RotationState.STORED)) {
      return Optional.of(complete(state, policy, now));
    }
    if (state.phase().equals(RotationState.APPLYING)) {
      if (state.intentId().equals(current.tags().get(INTENT_TAG))) {
        markStored(state, current.version());
        return Optional.of(complete(withNewVersion(state, current.version()), policy, now));
      }
      return Optional.of(apply(state, current, policy, now));
    }
    Optional<String> trigger = manual.or(() -> RotationDue.trigger(policy, current, now));
    boolean waiting = state.nextAttemptAt() != null && state.nextAttemptAt() > now.getEpochSecond();
    if (trigger.isEmpty() || (manual.isEmpty() && waiting)) {
      release(state);
      return Optional.empty();
    }
    RotationState intent =
        new RotationState(
            state.vault(),
            state.name(),
            owner,
            until,
            RotationState.APPLYING,
            newId(),
            state.attempts() > 0 && manual.isEmpty() ? "retry" : trigger.get(),
            RotationDue.nextCredential(policy, current).orElse(null),
            current.version(),
            null,
            now.getEpochSecond(),
            state.attempts(),
            state.nextAttemptAt());
    sql.write(
        c -> {
          states.intend(c, intent, owner);
          return null;
        });
    return Optional.of(apply(intent, current, policy, now));
  }

  private RotationRecord apply(
      RotationState intent, CurrentVersion current, RotationPolicy policy, Instant now) {
    publish.accept(
        new SecretEvent(
            SecretEvent.Type.ROTATING, intent.vault(), intent.name(), current.version(), now));
    events.append(
        "rotating/" + intent.intentId() + "/" + intent.attempts(),
        VaultEvent.ROTATING,
        intent.vault(),
        intent.name(),
        current.version(),
        now,
        Optional.empty(),
        Optional.empty());
    try {
      RotationContext context =
          new RotationContext(
              intent.vault(),
              intent.name(),
              Optional.ofNullable(intent.credential()),
              now,
              other -> vault.getSecret(intent.vault(), other, Optional.empty()).value());
      SecretValue value = generators.create(policy.generator().orElseThrow()).generate(context);
      crashHook.accept("afterApply");
      Map<String, String> tags = new HashMap<>();
      current
          .tags()
          .forEach(
              (k, v) -> {
                if (!k.equals(INTENT_TAG) && !k.equals(CREDENTIAL_TAG)) {
                  tags.put(k, v);
                }
              });
      tags.put(INTENT_TAG, intent.intentId());
      if (intent.credential() != null) {
        tags.put(CREDENTIAL_TAG, intent.credential());
      }
      SetSecretRequest request = SetSecretRequest.of(value).withTags(tags);
      if (policy.expiryTime().isPresent()) {
        request = request.withExpires(now.plus(policy.expiryTime().get()));
      }
      if (current.contentType() != null) {
        request = request.withContentType(current.contentType());
      }
      SecretBundle stored = vault.setSecret(intent.vault(), intent.name(), request);
      value.wipe();
      crashHook.accept("afterStore");
      String version = stored.properties().version();
      markStored(intent, version);
      return complete(withNewVersion(intent, version), policy, now);
    } catch (RuntimeException e) {
      return fail(intent, e, now);
    }
  }

  private RotationRecord complete(RotationState state, RotationPolicy policy, Instant now) {
    CurrentVersion stored =
        sql.read(c -> CurrentVersion.version(c, state.vault(), state.name(), state.newVersion()))
            .orElseThrow();
    events.append(
        RotationScheduler.eventKey(
            VaultEvent.NEW_VERSION_CREATED, state.vault(), state.name(), state.newVersion()),
        VaultEvent.NEW_VERSION_CREATED,
        state.vault(),
        state.name(),
        state.newVersion(),
        now,
        Optional.ofNullable(stored.notBefore()).map(Instant::ofEpochSecond),
        Optional.ofNullable(stored.expires()).map(Instant::ofEpochSecond));
    RotationRecord record =
        new RotationRecord(
            state.intentId(),
            state.vault(),
            state.name(),
            Instant.ofEpochSecond(state.started() == null ? now.getEpochSecond() : state.started()),
            now,
            RotationRecord.SUCCEEDED,
            state.trigger() == null ? "manual" : state.trigger(),
            Optional.ofNullable(state.credential()),
            Optional.ofNullable(state.previousVersion()),
            Optional.of(state.newVersion()),
            Optional.empty(),
            Optional.of(now.plus(policy.overlap())));
    audit.succeeded(record);
    sql.write(
        c -> {
          if (!history.exists(c, record.id())) {
            history.insert(c, record);
          }
          states.finish(c, state.vault(), state.name(), owner, 0, null);
          return null;
        });
    rotations.increment();
    log.info(
        "Rotated {}/{}: version {} is current, {} stays enabled until {}",
        state.vault(),
        state.name(),
        state.newVersion(),
        state.previousVersion(),
        record.disableAt().orElseThrow());
    return record;
  }

  private RotationRecord fail(RotationState intent, RuntimeException error, Instant now) {
    int attempts = intent.attempts() + 1;
    long shift = Math.min(attempts - 1, 10);
    Duration wait = FIRST_RETRY.multipliedBy(1L << shift);
    Instant next = now.plus(wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait);
    String message = describe(error);
    RotationRecord record =
        new RotationRecord(
            newId(),
            intent.vault(),
            intent.name(),
            Instant.ofEpochSecond(
                intent.started() == null ? now.getEpochSecond() : intent.started()),
            now,
            RotationRecord.FAILED,
            intent.trigger() == null ? "manual" : intent.trigger(),
            Optional.ofNullable(intent.credential()),
            Optional.ofNullable(intent.previousVersion()),
            Optional.empty(),
            Optional.of(message),
            Optional.empty());
    sql.write(
        c -> {
          history.insert(c, record);
          states.finish(c, intent.vault(), intent.name(), owner, attempts, next.getEpochSecond());
          return null;
        });
    failures.increment();
    audit.failed(record);
    // Gateways waiting for this rotation's new version stop waiting: none is coming.
    publish.accept(
        new SecretEvent(
            SecretEvent.Type.ROTATION_FAILED,
            intent.vault(),
            intent.name(),
            intent.previousVersion() == null ? "" : intent.previousVersion(),
            now));
    events.append(
        "failed/" + record.id(),
        VaultEvent.ROTATION_FAILED,
        intent.vault(),
        intent.name(),
        intent.previousVersion() == null ? "" : intent.previousVersion(),
        now,
        Optional.empty(),
        Optional.empty());
    log.warn(
        "Rotation of {}/{} failed (attempt {}, next at {}): {}",
        intent.vault(),
        intent.name(),
        attempts,
        next,
        message);
    return record;
  }

  /** The exception's own message: generators and the vault keep values out of theirs. */
  private static String describe(RuntimeException error) {
    String message =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return message.length() > 1000 ? message.substring(0, 1000) : message;
  }

  private void markStored(RotationState state, String version) {
    sql.write(
        c -> {
          states.stored(c, state.vault(), state.name(), owner, version);
          return null;
        });
  }

  private void release(RotationState state) {
    sql.write(
        c -> {
          states.release(c, state.vault(), state.name(), owner);
          return null;
        });
  }

  private static RotationState withNewVersion(RotationState s, String version) {
    return new RotationState(
        s.vault(),
        s.name(),
        s.leaseOwner(),
        s.leaseUntil(),
        RotationState.STORED,
        s.intentId(),
        s.trigger(),
        s.credential(),
        s.previousVersion(),
        version,
        s.started(),
        s.attempts(),
        s.nextAttemptAt());
  }

  private static String newId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
