package io.keygate.secrets;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret value as a source handed it out, with the version it came from and how long it may be
 * used.
 *
 * @param ref what was asked for
 * @param value the value; never logged
 * @param version the version that was served (the current one when {@code ref} pins none)
 * @param expires when the value stops being valid, if it has an expiry
 */
public record ResolvedSecret(
    SecretRef ref, SecretValue value, String version, Optional<Instant> expires) {
  public ResolvedSecret {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(expires, "expires");
  }
}
