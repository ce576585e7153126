package io.keygate.vault;

import java.time.Instant;
import java.util.Objects;

/** A vault (namespace of secrets). */
public record VaultInfo(String name, Instant created) {
  public VaultInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
  }
}
