package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Encryption at rest as seen from the store: tampering, swapping, no plaintext anywhere. */
interface BarrierContract extends VaultFixture {

  @Test
  default void flippedCiphertextByte_makesThatSecretUnreadable_andOnlyThatOne() throws Exception {
    SecretValue intact = canary();
    set("intact", intact);
    String version = set("tampered", canary()).properties().version();
    byte[] ciphertext = Base64.getDecoder().decode(column("ciphertext", "tampered", version));
    ciphertext[ciphertext.length / 2] ^= 0x01;
    writeColumn("ciphertext", "tampered", version, Base64.getEncoder().encodeToString(ciphertext));

    assertFails(
        () -> get("tampered"),
        500,
        "SecretUnreadable",
        "stored value for default/tampered version " + version + " failed to decrypt");
    assertThat(get("intact").value()).isEqualTo(intact);
    assertThat(vault().listSecrets(V, 25, Optional.empty()).items()).hasSize(2);
  }

  @Test
  default void flippedWrappedKeyByte_makesThatSecretUnreadable() throws Exception {
    String version = set("wrapped", canary()).properties().version();
    byte[] key = Base64.getDecoder().decode(column("wrapped_key", "wrapped", version));
    key[key.length - 1] ^= 0x01;
    writeColumn("wrapped_key", "wrapped", version, Base64.getEncoder().encodeToString(key));

    assertFails(
        () -> get("wrapped"),
        500,
        "SecretUnreadable",
        "stored value for default/wrapped version " + version + " failed to decrypt");
  }

  @Test
  default void attributesChangedInTheDatabase_makeTheVersionUnreadable() throws Exception {
    String disabled =
        vault()
            .setSecret(V, "was-disabled", SetSecretRequest.of(canary()).withEnabled(false))
            .properties()
            .version();
    String expiring =
        vault()
            .setSecret(
                V, "expiring", SetSecretRequest.of(canary()).withExpires(START.plusSeconds(60)))
            .properties()
            .version();
    writeNumber("enabled", "was-disabled", disabled, 1);
    writeNumber("expires", "expiring", expiring, START.plusSeconds(86_400).getEpochSecond());
    clock().advance(java.time.Duration.ofHours(1));

    assertFails(
        () -> get("was-disabled"),
        500,
        "SecretUnreadable",
        "stored value for default/was-disabled version " + disabled + " failed to decrypt");
    assertFails(
        () -> get("expiring"),
        500,
        "SecretUnreadable",
        "stored value for default/expiring version " + expiring + " failed to decrypt");
  }

  @Test
  default void attributesChangedThroughTheVault_keepTheVersionReadable() {
    SecretValue value = canary();
    set("updated", value);
    vault()
        .updateSecret(
            V,
            "updated",
            Optional.empty(),
            UpdateSecretRequest.none()
                .withTags(java.util.Map.of("owner", "team-a"))
                .withContentType("text/plain"));

    assertThat(get("updated").value()).isEqualTo(value);
    assertThat(vault().backupSecret(V, "updated")).isNotEmpty();
  }

  @Test
  default void ciphertextsSwappedBetweenTwoSecrets_failToOpen() throws Exception {
    String a = set("alpha", canary()).properties().version();
    String b = set("beta", canary()).properties().version();
    swap("alpha", a, "beta", b);

    assertFails(
        () -> get("alpha"),
        500,
        "SecretUnreadable",
        "stored value for default/alpha version " + a + " failed to decrypt");
    assertFails(
        () -> get("beta"),
        500,
        "SecretUnreadable",
        "stored value for default/beta version " + b + " failed to decrypt");
  }

  @Test
  default void ciphertextsSwappedBetweenTwoVersions_failToOpen() throws Exception {
    String v1 = set("versions", canary()).properties().version();
    String v2 = set("versions", canary()).properties().version();
    swap("versions", v1, "versions", v2);

    assertFails(
        () -> vault().getSecret(V, "versions", Optional.of(v1)),
        500,
        "SecretUnreadable",
        "stored value for default/versions version " + v1 + " failed to decrypt");
    assertFails(
        () -> get("versions"),
        500,
        "SecretUnreadable",
        "stored value for default/versions version " + v2 + " failed to decrypt");
  }

  @Test
  default void storedData_neverContainsAValueInPlaintext() throws Exception {
    SecretValue first = canary();
    SecretValue second = canary();
    set("canary-1", first);
    set("canary-2", second);
    vault().setSecret(V, "canary-2", SetSecretRequest.of(second).withContentType("text/plain"));
    vault().backupSecret(V, "canary-1");
    vault().deleteSecret(V, "canary-1");

    assertStoreDoesNotContain(first.reveal());
    assertStoreDoesNotContain(second.reveal());
    assertStoreDoesNotContain(Base64.getEncoder().encodeToString(second.revealBytes()));
    // The check itself can fail: names are stored in plaintext, and found.
    assertThat(storeContains("canary-2")).isTrue();
  }

  /** Whether the store holds {@code needle} (the negative control of the canary check). */
  default boolean storeContains(String needle) throws Exception {
    try {
      assertStoreDoesNotContain(needle);
      return false;
    } catch (AssertionError found) {
      return true;
    }
  }

  private void swap(String nameA, String versionA, String nameB, String versionB) throws Exception {
    for (String column : new String[] {"ciphertext", "wrapped_key"}) {
      String a = column(column, nameA, versionA);
      String b = column(column, nameB, versionB);
      writeColumn(column, nameA, versionA, b);
      writeColumn(column, nameB, versionB, a);
    }
  }

  private String column(String column, String name, String version) throws Exception {
    try (Connection connection = rawConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + column + " FROM secret_versions WHERE name = ? AND version = ?")) {
      statement.setString(1, name);
      statement.setString(2, version);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).isTrue();
        return result.getString(1);
      }
    }
  }

  private void writeColumn(String column, String name, String version, String value)
      throws Exception {
    try (Connection connection = rawConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE secret_versions SET " + column + " = ? WHERE name = ? AND version = ?")) {
      statement.setString(1, value);
      statement.setString(2, name);
      statement.setString(3, version);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private void writeNumber(String column, String name, String version, long value)
      throws Exception {
    try (Connection connection = rawConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE secret_versions SET " + column + " = ? WHERE name = ? AND version = ?")) {
      statement.setLong(1, value);
      statement.setString(2, name);
      statement.setString(3, version);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }
}
