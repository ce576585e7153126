package io.keygate.gateway.keys;

import io.keygate.gateway.chain.Identity;
import io.vertx.core.Future;

/**
 * The outcome of checking a presented key. Accepted outcomes carry a ready-made {@link Identity}
 * (principal {@code key:<id>}, consumer = alias or id, policy = the key's), built once per key so
 * the hot path allocates nothing.
 */
public final class KeyVerification {
  /** Why a key was refused, or {@code ACCEPTED}. */
  public enum Outcome {
    ACCEPTED,
    UNKNOWN,
    EXPIRED,
    REVOKED
  }

  static final KeyVerification UNKNOWN = new KeyVerification(Outcome.UNKNOWN, null);

  private final Outcome outcome;
  private final Identity identity;
  private final Future<Identity> completed;
  private final String refusedConsumer;

  KeyVerification(Outcome outcome, Identity identity) {
    this(outcome, identity, null);
  }

  private KeyVerification(Outcome outcome, Identity identity, String refusedConsumer) {
    this.outcome = outcome;
    this.identity = identity;
    this.completed = identity == null ? null : Future.succeededFuture(identity);
    this.refusedConsumer = refusedConsumer;
  }

  /** An expired or revoked key, presented in full: its alias or id is known, for the logs. */
  static KeyVerification refused(Outcome outcome, String consumer) {
    return new KeyVerification(outcome, null, consumer);
  }

  /**
   * The alias or id of an expired or revoked key whose holder proved they hold it (for the access
   * log: who keeps calling with it), else null. Never set for an unknown key.
   */
  public String refusedConsumer() {
    return refusedConsumer;
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean accepted() {
    return outcome == Outcome.ACCEPTED;
  }

  /** The caller's identity; only for an accepted key. */
  public Identity identity() {
    if (identity == null) {
      throw new IllegalStateException("no identity for a refused key: " + outcome);
    }
    return identity;
  }

  /** The identity as a completed future, made once per key (an authenticator's answer). */
  public Future<Identity> completedIdentity() {
    identity();
    return completed;
  }
}
