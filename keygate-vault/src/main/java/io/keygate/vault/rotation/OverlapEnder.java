package io.keygate.vault.rotation;

import io.keygate.vault.SecretVault;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.VaultException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Disables a rotated-out version once its overlap has ended. Disabling, never deleting: the version
 * stays listable and can be re-enabled by hand.
 */
final class OverlapEnder {
  private final SecretVault vault;
  private final Sql sql;
  private final HistoryTable history;

  OverlapEnder(SecretVault vault, Sql sql, HistoryTable history) {
    this.vault = vault;
    this.sql = sql;
    this.history = history;
  }

  /** Returns how many versions were disabled. */
  int run(Instant now) {
    List<RotationRecord> ended = sql.read(c -> history.overlapsEnded(c, now.getEpochSecond()));
    int disabled = 0;
    for (RotationRecord record : ended) {
      try {
        vault.updateSecret(
            record.vault(),
            record.name(),
            record.previousVersion(),
            UpdateSecretRequest.none().withEnabled(false));
        disabled++;
      } catch (VaultException.NotFound e) {
        // Deleted or purged meanwhile: nothing left to disable.
      }
      sql.write(
          c -> {
            history.markDisabled(c, record.id());
            return null;
          });
    }
    return disabled;
  }

  static Optional<Instant> disableAt(Instant now, RotationPolicy policy) {
    return Optional.of(now.plus(policy.overlap()));
  }
}
