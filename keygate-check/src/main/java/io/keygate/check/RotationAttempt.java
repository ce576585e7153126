package io.keygate.check;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a secret's last rotation.
 *
 * @param finished when it succeeded or failed
 * @param succeeded whether it succeeded
 * @param error why it failed (the vault's message, which never holds a value)
 */
public record RotationAttempt(Instant finished, boolean succeeded, Optional<String> error) {
  public RotationAttempt {
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(error, "error");
  }
}
