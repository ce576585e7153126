package io.keygate.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.RunningNode;
import io.keygate.app.config.ConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code storage.jdbcUrl} in keygate.yaml puts the vault and the gateway's store in PostgreSQL. */
class ServeOnPostgresTest {
  @TempDir Path data;

  @Test
  void jdbcUrlInTheConfig_keepsSecretsInPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      Path config = data.resolve("keygate.yaml");
      Files.writeString(
          config,
          "storage:\n"
              + "  jdbcUrl: "
              + postgres.getJdbcUrl("postgres", "postgres")
              + "\n"
              + "  user: postgres\n"
              + "  passwordEnv: TEST_DB_PASSWORD\n");
      Path node = data.resolve("node");

      try (RunningNode keygate =
          new RunningNode(node, ConfigLoader.load(config), Map.of("TEST_DB_PASSWORD", "unused"))) {
        var set = keygate.cli(null, "secret", "set", "in-postgres", "--value", "pg value");
        var get = keygate.cli(null, "secret", "get", "in-postgres");

        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(get.out()).isEqualTo("pg value");
      }
      try (RunningNode restarted =
          new RunningNode(node, ConfigLoader.load(config), Map.of("TEST_DB_PASSWORD", "unused"))) {
        assertThat(restarted.cli(null, "secret", "get", "in-postgres").out()).isEqualTo("pg value");
      }

      assertThat(node.resolve("vault.db")).doesNotExist();
      assertThat(node.resolve("gateway.db")).doesNotExist();
    }
  }
}
