package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backup of one secret (all versions) to an opaque blob, and restore. */
interface BackupContract extends VaultFixture {

  @Test
  default void backupThenRestore_intoAnotherVault_keepsEveryVersionAndAttribute() {
    SecretValue first = canary();
    SecretValue second = canary();
    set("moved", first);
    vault()
        .setSecret(
            V,
            "moved",
            SetSecretRequest.of(second).withContentType("text/plain").withTags(Map.of("k", "v")));
    List<SecretProperties> original =
        vault().listVersions(V, "moved", 25, Optional.empty()).items();

    byte[] blob = vault().backupSecret(V, "moved");
    vault().createVault("copy");
    SecretProperties restored = vault().restoreSecret("copy", blob);

    assertThat(restored.vault()).isEqualTo("copy");
    assertThat(restored.version()).isEqualTo(original.getLast().version());
    assertThat(vault().getSecret("copy", "moved", Optional.empty()).value()).isEqualTo(second);
    assertThat(
            vault().getSecret("copy", "moved", Optional.of(original.getFirst().version())).value())
        .isEqualTo(first);
    assertThat(vault().listVersions("copy", "moved", 25, Optional.empty()).items())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("vault")
        .isEqualTo(original);
  }

  @Test
  default void restoreOverAnExistingName_isConflict() {
    set("taken", canary());
    byte[] blob = vault().backupSecret(V, "taken");

    assertFails(
        () -> vault().restoreSecret(V, blob),
        409,
        "Conflict",
        "secret default/taken already exists; restore needs a free name");
    vault().deleteSecret(V, "taken");
    assertFails(
        () -> vault().restoreSecret(V, blob),
        409,
        "ObjectIsDeletedButRecoverable",
        "secret default/taken is deleted but recoverable; recover or purge it before setting it"
            + " again");
    vault().purgeDeletedSecret(V, "taken");
    assertThat(vault().restoreSecret(V, blob).name()).isEqualTo("taken");
  }

  @Test
  default void blobFromAnotherMasterKey_isRefused() {
    byte[] fromElsewhere = backupFromAFreshVaultWithAnotherKey("foreign");

    assertFails(
        () -> vault().restoreSecret(V, fromElsewhere),
        400,
        "BadParameter",
        "backup blob cannot be opened with this vault's master key");
    assertFails(() -> get("foreign"), 404, "SecretNotFound", "secret default/foreign not found");
  }

  @Test
  default void damagedOrForeignBytes_areBadParameter() {
    set("fragile", canary());
    byte[] blob = vault().backupSecret(V, "fragile");
    byte[] flipped = blob.clone();
    flipped[flipped.length - 5] ^= 1;

    assertFails(
        () -> vault().restoreSecret("default", flipped),
        400,
        "BadParameter",
        "backup blob is corrupt: it failed authentication");
    assertFails(
        () -> vault().restoreSecret(V, "{\"value\":1}".getBytes()),
        400,
        "BadParameter",
        "backup blob is malformed: not a Keygate secret backup");
    assertFails(
        () -> vault().restoreSecret(V, new byte[0]), 400, "BadParameter", "backup blob is empty");
  }

  /** A backup of secret {@code name} made by a vault with its own store and master key. */
  byte[] backupFromAFreshVaultWithAnotherKey(String name);
}
