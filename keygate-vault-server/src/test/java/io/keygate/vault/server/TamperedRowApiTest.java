package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tampered row is a clear JSON error for that secret, and the server keeps serving others. */
class TamperedRowApiTest {
  @TempDir static Path data;
  static RunningAdminServer api;

  @BeforeAll
  static void start() throws Exception {
    api = new RunningAdminServer(data, null);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void swappedCiphertext_isA500SecretUnreadableForThatSecretOnly() throws Exception {
    String version =
        SecretsApiTest.version(
            api.call("PUT", "/v1/vaults/default/secrets/victim", "{\"value\":\"victim value\"}"));
    api.call("PUT", "/v1/vaults/default/secrets/donor", "{\"value\":\"donor value\"}");
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        PreparedStatement swap =
            db.prepareStatement(
                "UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions"
                    + " WHERE name = 'donor'), wrapped_key = (SELECT wrapped_key FROM"
                    + " secret_versions WHERE name = 'donor') WHERE name = 'victim'")) {
      assertThat(swap.executeUpdate()).isEqualTo(1);
    }

    var victim = api.call("GET", "/v1/vaults/default/secrets/victim", null);
    var donor = api.call("GET", "/v1/vaults/default/secrets/donor", null);

    assertThat(victim.status()).isEqualTo(500);
    assertThat(victim.errorCode()).isEqualTo("SecretUnreadable");
    assertThat(victim.errorMessage())
        .isEqualTo("stored value for default/victim version " + version + " failed to decrypt");
    assertThat(victim.body()).doesNotContain("donor value", "victim value");
    assertThat(donor.status()).isEqualTo(200);
    assertThat(donor.json().path("value").asText()).isEqualTo("donor value");
  }
}
