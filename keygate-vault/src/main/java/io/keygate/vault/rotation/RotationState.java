package io.keygate.vault.rotation;

/**
 * A secret's claim and intent row. {@code phase} is {@code IDLE}, {@code APPLYING} (an intent: the
 * generator may have changed the target, the new version may not be stored yet) or {@code STORED}
 * (the new version is current, the completion is not yet published).
 */
record RotationState(
    String vault,
    String name,
    String leaseOwner,
    Long leaseUntil,
    String phase,
    String intentId,
    String trigger,
    String credential,
    String previousVersion,
    String newVersion,
    Long started,
    int attempts,
    Long nextAttemptAt) {
  static final String IDLE = "IDLE";
  static final String APPLYING = "APPLYING";
  static final String STORED = "STORED";
}
