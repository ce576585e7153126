package io.keygate.vault.rotation;

import io.keygate.secrets.SecretValue;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a generator knows about the rotation it serves.
 *
 * @param vault the secret's vault
 * @param name the secret's name
 * @param credential with the dual-credential pattern, the target credential to regenerate (never
 *     the one the current version uses)
 * @param now the scheduler's time
 * @param secrets reads another secret of the same vault (an admin password, an HMAC key) by name
 */
public record RotationContext(
    String vault,
    String name,
    Optional<String> credential,
    Instant now,
    Function<String, SecretValue> secrets) {
  public RotationContext {
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(secrets, "secrets");
  }
}
