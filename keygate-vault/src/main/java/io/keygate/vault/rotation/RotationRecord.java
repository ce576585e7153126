package io.keygate.vault.rotation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a secret's rotation history.
 *
 * @param id the rotation's id
 * @param vault the vault
 * @param name the secret
 * @param started when the rotation began
 * @param finished when it succeeded or failed
 * @param outcome {@code Succeeded} or {@code Failed}
 * @param trigger {@code timeAfterCreate}, {@code timeBeforeExpiry}, {@code manual} or {@code retry}
 * @param credential the target credential regenerated (dual-credential pattern)
 * @param previousVersion the version current before the rotation
 * @param newVersion the version the rotation stored
 * @param error why it failed (never a value)
 * @param disableAt when the previous version is (or was) disabled
 */
public record RotationRecord(
    String id,
    String vault,
    String name,
    Instant started,
    Instant finished,
    String outcome,
    String trigger,
    Optional<String> credential,
    Optional<String> previousVersion,
    Optional<String> newVersion,
    Optional<String> error,
    Optional<Instant> disableAt) {
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  public RotationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
  }
}
