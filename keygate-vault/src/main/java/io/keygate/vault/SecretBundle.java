package io.keygate.vault;

import io.keygate.secrets.SecretValue;
import java.util.Objects;

/**
 * One secret version with its value. {@link #toString()} shows no value ({@link SecretValue} is
 * redacted).
 */
public record SecretBundle(SecretProperties properties, SecretValue value) {
  public SecretBundle {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(value, "value");
  }
}
