package io.keygate.vault.rotation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When a secret is due for rotation, and which target credential the rotation regenerates. */
final class RotationDue {
  private RotationDue() {}

  /** The trigger that makes the secret due at {@code now}, if any. */
  static Optional<String> trigger(RotationPolicy policy, CurrentVersion secret, Instant now) {
    for (LifetimeAction action : policy.rotateActions()) {
      Instant due =
          switch (action.trigger()) {
            case TIME_AFTER_CREATE ->
                Instant.ofEpochSecond(secret.created()).plus(action.triggerAfter());
            case TIME_BEFORE_EXPIRY ->
                secret.expires() == null
                    ? null
                    : Instant.ofEpochSecond(secret.expires()).minus(action.triggerAfter());
          };
      if (due != null && !now.isBefore(due)) {
        return Optional.of(action.trigger().json());
      }
    }
    return Optional.empty();
  }

  /** With two credentials, the one the current version does not use (untagged: the first). */
  static Optional<String> nextCredential(RotationPolicy policy, CurrentVersion current) {
    List<String> credentials = policy.generator().map(GeneratorSpec::credentials).orElse(List.of());
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    String inUse = current.tags().getOrDefault(RotationRun.CREDENTIAL_TAG, credentials.get(0));
    return Optional.of(inUse.equals(credentials.get(0)) ? credentials.get(1) : credentials.get(0));
  }
}
