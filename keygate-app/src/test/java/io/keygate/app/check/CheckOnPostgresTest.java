package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code storage.jdbcUrl}, the check reads the vault and the API keys from PostgreSQL. */
class CheckOnPostgresTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path data;
  @TempDir Path repo;

  @Test
  void aVaultInPostgres_isCheckedThroughTheNodeConfig() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      VaultOptions options =
          VaultOptions.postgres(
                  url,
                  "postgres",
                  "unused",
                  MasterKeySource.keyFile(data.resolve("master-key.json")))
              .withSweepInterval(Duration.ZERO)
              .withClock(Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC));
      try (SecretVault vault = SecretVault.open(options)) {
        vault.setSecret(
            "default",
            "db-token",
            SetSecretRequest.of(SecretValue.of("pg-canary-4411"))
                .withExpires(NOW.minusSeconds(60)));
      }
      try (GatewayDatabase db = GatewayDatabase.open(url, "postgres", "unused");
          ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data))) {
        keys.create("standard", "reports", null);
      }
      Path config = repo.resolve("keygate.yaml");
      Files.writeString(
          config,
          "storage:\n  jdbcUrl: " + url + "\n  user: postgres\n  passwordEnv: TEST_DB_PASSWORD\n");
      Path apis = Files.createDirectories(repo.resolve("apis"));
      Files.writeString(
          apis.resolve("db.yaml"),
          """
          name: db
          listen: { path: /db/ }
          upstream: { url: https://db-api.internal }
          auth: { apiKey: {} }
          inject:
            - header: X-Token
              value: "${secret:default/db-token}"
          """);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int code =
          Main.execute(
              CliEnvironment.of(
                  Map.of("TEST_DB_PASSWORD", "unused"), InputStream.nullInputStream()),
              new PrintWriter(out),
              new PrintWriter(err),
              "check",
              "--config",
              config.toString(),
              "--data",
              data.toString(),
              "--apis",
              apis.toString(),
              "--base",
              repo.toString(),
              "--at",
              NOW.toString(),
              "--format",
              "json");

      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(out.toString()).doesNotContain("pg-canary-4411");
      Set<String> rules = new TreeSet<>();
      for (JsonNode f : new ObjectMapper().readTree(out.toString()).path("findings")) {
        rules.add(f.path("rule").asText() + "@" + f.path("file").asText());
      }
      assertThat(rules)
          .containsExactly("KG003@apis/db.yaml", "KG011@apis/db.yaml", "KG030@apis/db.yaml");
      assertThat(data.resolve("vault.db")).doesNotExist();
      assertThat(data.resolve("gateway.db")).doesNotExist();
    }
  }
}
