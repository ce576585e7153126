package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Soft delete, recover, purge, retention and the sweeper. */
interface DeletionContract extends VaultFixture {

  @Test
  default void delete_hidesAllVersions_untilRecovered() {
    SecretValue first = canary();
    String v1 = set("gone", first).properties().version();
    SecretValue second = canary();
    set("gone", second);

    DeletedSecret deleted = vault().deleteSecret(V, "gone");

    assertThat(deleted.deletedDate()).isEqualTo(START);
    assertThat(deleted.scheduledPurgeDate()).isEqualTo(START.plus(Duration.ofDays(90)));
    assertThat(deleted.recoveryId()).isEqualTo("default/deletedsecrets/gone");
    assertFails(() -> get("gone"), 404, "SecretNotFound", "secret default/gone not found");
    assertFails(
        () -> vault().listVersions(V, "gone", 25, Optional.empty()),
        404,
        "SecretNotFound",
        "secret default/gone not found");
    assertThat(vault().listSecrets(V, 25, Optional.empty()).items()).isEmpty();
    assertThat(vault().getDeletedSecret(V, "gone")).isEqualTo(deleted);
    assertThat(vault().listDeletedSecrets(V, 25, Optional.empty()).items())
        .containsExactly(deleted);

    vault().recoverDeletedSecret(V, "gone");

    assertThat(get("gone").value()).isEqualTo(second);
    assertThat(vault().getSecret(V, "gone", Optional.of(v1)).value()).isEqualTo(first);
    assertFails(
        () -> vault().getDeletedSecret(V, "gone"),
        404,
        "SecretNotFound",
        "deleted secret default/gone not found");
  }

  @Test
  default void setOnADeletedName_isRefusedUntilRecoveredOrPurged() {
    set("reused", canary());
    vault().deleteSecret(V, "reused");

    assertFails(
        () -> set("reused", canary()),
        409,
        "ObjectIsDeletedButRecoverable",
        "secret default/reused is deleted but recoverable; recover or purge it before setting it"
            + " again");

    vault().purgeDeletedSecret(V, "reused");
    SecretValue fresh = canary();
    set("reused", fresh);
    assertThat(get("reused").value()).isEqualTo(fresh);
    assertThat(vault().listVersions(V, "reused", 25, Optional.empty()).items()).hasSize(1);
  }

  @Test
  default void purgeAndRecover_needADeletedSecret() {
    set("live", canary());
    assertFails(
        () -> vault().purgeDeletedSecret(V, "live"),
        404,
        "SecretNotFound",
        "deleted secret default/live not found");
    assertFails(
        () -> vault().recoverDeletedSecret(V, "live"),
        404,
        "SecretNotFound",
        "deleted secret default/live not found");
    assertFails(
        () -> vault().deleteSecret(V, "never"),
        404,
        "SecretNotFound",
        "secret default/never not found");
  }

  @Test
  default void purgeExpiredDeletions_purgesOnlyWhatIsPastItsRetention() {
    set("old", canary());
    vault().deleteSecret(V, "old");
    clock().advance(Duration.ofDays(10));
    set("recent", canary());
    vault().deleteSecret(V, "recent");

    assertThat(vault().purgeExpiredDeletions(START.plus(Duration.ofDays(90)).minusSeconds(1)))
        .isZero();
    assertThat(vault().purgeExpiredDeletions(START.plus(Duration.ofDays(90)))).isEqualTo(1);

    assertFails(
        () -> vault().getDeletedSecret(V, "old"),
        404,
        "SecretNotFound",
        "deleted secret default/old not found");
    assertThat(vault().getDeletedSecret(V, "recent").scheduledPurgeDate())
        .isEqualTo(START.plus(Duration.ofDays(100)));
  }

  @Test
  default void retention_isConfigurable_andShowsInTheRecoveryLevel() {
    vault().close();
    SecretVault custom = SecretVault.open(options(masterKey(), clock()).withRetentionDays(7));
    try {
      SecretProperties properties =
          custom.setSecret(V, "short", SetSecretRequest.of(canary())).properties();
      DeletedSecret deleted = custom.deleteSecret(V, "short");

      assertThat(properties.recoveryLevel()).isEqualTo("CustomizedRecoverable+Purgeable");
      assertThat(properties.recoverableDays()).isEqualTo(7);
      assertThat(deleted.scheduledPurgeDate()).isEqualTo(START.plus(Duration.ofDays(7)));
    } finally {
      custom.close();
    }
  }

  @Test
  default void sweeper_purgesExpiredDeletionsInTheBackground() {
    vault().close();
    try (SecretVault swept =
        SecretVault.open(options(masterKey(), clock()).withSweepInterval(Duration.ofMillis(50)))) {
      swept.setSecret(V, "swept", SetSecretRequest.of(canary()));
      swept.deleteSecret(V, "swept");
      clock().advance(Duration.ofDays(91));

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(swept.listDeletedSecrets(V, 25, Optional.empty()).items()).isEmpty());
      assertFails(
          () -> swept.recoverDeletedSecret(V, "swept"),
          404,
          "SecretNotFound",
          "deleted secret default/swept not found");
    }
  }
}
