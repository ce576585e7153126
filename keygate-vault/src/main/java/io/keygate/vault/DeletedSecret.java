package io.keygate.vault;

import java.time.Instant;
import java.util.Objects;

/**
 * A soft-deleted secret: its current version's metadata and when it will be purged.
 *
 * @param properties the current version's metadata at deletion
 * @param deletedDate when it was deleted (Unix seconds)
 * @param scheduledPurgeDate when the sweeper purges it
 * @param recoveryId {@code <vault>/deletedsecrets/<name>}, the handle to recover or purge it by
 */
public record DeletedSecret(
    SecretProperties properties,
    Instant deletedDate,
    Instant scheduledPurgeDate,
    String recoveryId) {
  public DeletedSecret {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(deletedDate, "deletedDate");
    Objects.requireNonNull(scheduledPurgeDate, "scheduledPurgeDate");
    Objects.requireNonNull(recoveryId, "recoveryId");
  }
}
