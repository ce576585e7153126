package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.GuardedVault;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.rotation.RotationPolicyJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same data directory checked two ways: embedded ({@code --data}) and through a running node's
 * admin API ({@code --addr}). Both see the rotation policy and the API key, and report the same.
 */
class CheckSourcesTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final String CANARY = "canary-SOURCES-91be44";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path repo;

  private void prepare() throws Exception {
    VaultOptions options =
        VaultOptions.embedded(data)
            .withSweepInterval(Duration.ZERO)
            .withClock(Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC));
    try (SecretVault vault = SecretVault.open(options);
        Rotation rotation = Rotation.open(vault, options)) {
      vault.setSecret(
          "default",
          "upstream",
          SetSecretRequest.of(SecretValue.of(CANARY)).withExpires(NOW.plus(Duration.ofDays(300))));
      new GuardedVault(vault, Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC))
          .setSecret(
              Actor.admin("test", "req-1"),
              "default",
              "plain",
              SetSecretRequest.of(SecretValue.of(CANARY)));
      rotation
          .policies()
          .set(
              "default",
              "upstream",
              RotationPolicyJson.parse(
                  """
                  {"lifetimeActions": [{"trigger": {"timeAfterCreate": "P400D"},
                                        "action": {"type": "Rotate"}}],
                   "attributes": {"expiryTime": "P500D"},
                   "generator": {"type": "random", "length": 32}}
                  """));
    }
    try (GatewayDatabase db = GatewayDatabase.sqlite(data);
        ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data))) {
      keys.create("standard", "billing", null);
    }
    Path apis = Files.createDirectories(repo.resolve("apis"));
    Files.writeString(
        apis.resolve("orders.yaml"),
        """
        name: orders
        listen: { path: /orders/ }
        upstream: { url: https://orders.internal }
        auth: { apiKey: {} }
        inject:
          - header: Authorization
            value: "Bearer ${secret:default/upstream}"
          - header: X-Plain
            value: "${secret:default/plain}"
          - header: X-Ghost
            value: "${secret:ghost/token}"
        """);
  }

  /** The findings of a check at {@code NOW} that reads {@code source}; it must exit 1. */
  private List<String> findings(Map<String, String> variables, String... source) throws Exception {
    List<String> args = new ArrayList<>(List.of("--at", NOW.toString()));
    args.addAll(List.of(source));
    CheckRun.Outcome outcome = CheckRun.check(repo, CANARY, variables, args.toArray(String[]::new));
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(1);
    return outcome.findings();
  }

  @Test
  void embeddedAndRemote_reportTheSameRotationKeyAndExpiryFindings() throws Exception {
    prepare();

    List<String> embedded = findings(Map.of(), "--data", data.toString());

    assertThat(embedded)
        .containsExactly(
            "KG030 4 API key "
                + embedded
                    .get(0)
                    .substring("KG030 4 API key ".length(), embedded.get(0).indexOf(" (billing)"))
                + " (billing) never expires: replace it with a key created with --expires-in and"
                + " revoke this one",
            "KG013 7 secret 'default/upstream' rotates every 400 days, longer than the profile's"
                + " maximum of 90 days: shorten its rotation policy",
            "KG010 9 secret 'default/plain' never expires: give it an expiry (`keygate secret"
                + " update --expires`) or a rotation policy with an expiryTime",
            "KG011 9 secret 'default/plain' has no rotation policy: set one (`keygate secret"
                + " rotation-policy set`) so it is rotated on schedule",
            "KG001 11 vault 'ghost' of reference 'ghost/token' in API 'orders' does not exist:"
                + " create it with `keygate vault create ghost` and set the secret, or fix the"
                + " reference");
    try (RunningNode node = new RunningNode(data)) {
      List<String> remote = findings(Map.of(), "--addr", node.address(), "--data", data.toString());
      assertThat(remote).isEqualTo(embedded);
    }
  }

  @Test
  void evidenceBundle_holdsTheReport_theSecretsWithTheirRotationPolicy_andTheirAuditEntries()
      throws Exception {
    prepare();
    Path evidence = repo.resolve("evidence");

    findings(Map.of(), "--data", data.toString(), "--evidence", evidence.toString());

    Path folder;
    try (var list = Files.list(evidence)) {
      folder = list.findFirst().orElseThrow();
    }
    assertThat(folder.getFileName().toString()).isEqualTo("keygate-check-20260601T000000Z");
    try (var list = Files.list(folder)) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(
              "README.txt",
              "audit-chain.json",
              "audit.json",
              "report.github.txt",
              "report.json",
              "report.junit.xml",
              "report.sarif",
              "report.txt",
              "secrets.json");
    }
    JsonNode secrets = JSON.readTree(folder.resolve("secrets.json").toFile());
    assertThat(secrets.path(0).path("secret").asText()).isEqualTo("default/plain");
    assertThat(secrets.path(1).path("secret").asText()).isEqualTo("default/upstream");
    assertThat(secrets.path(1).path("rotation").path("every").asText()).isEqualTo("PT9600H");
    assertThat(secrets.path(1).path("rotationHistory").isArray()).isTrue();
    JsonNode audit = JSON.readTree(folder.resolve("audit.json").toFile());
    assertThat(audit).hasSize(1);
    assertThat(audit.path(0).path("action").asText() + " " + audit.path(0).path("name").asText())
        .isEqualTo("SET plain");
    JsonNode chain = JSON.readTree(folder.resolve("audit-chain.json").toFile());
    assertThat(chain.path("ok").asBoolean()).isTrue();
    assertThat(chain.path("checked").asLong()).isEqualTo(1);
    assertThat(audit.path(0).path("seq").asLong()).isEqualTo(1);
    assertThat(audit.path(0).path("hash").asText()).isEqualTo(chain.path("lastHash").asText());
    assertThat(Files.readString(folder.resolve("README.txt")))
        .contains("audit chain: OK: 1 entry verified, chain ends at seq 1 hash ");
    try (var files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).doesNotContain(CANARY);
      }
    }
  }

  @Test
  void evidenceThroughTheAdminApi_showsTheFirstBrokenEntry_ofATamperedAuditTrail()
      throws Exception {
    prepare();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        java.sql.Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE audit_log SET version = '' WHERE seq = 1");
    }
    Path evidence = repo.resolve("evidence");
    try (RunningNode node = new RunningNode(data)) {
      findings(
          Map.of(),
          "--addr",
          node.address(),
          "--data",
          data.toString(),
          "--evidence",
          evidence.toString());
    }

    Path folder;
    try (var list = Files.list(evidence)) {
      folder = list.findFirst().orElseThrow();
    }
    JsonNode chain = JSON.readTree(folder.resolve("audit-chain.json").toFile());
    assertThat(chain.path("ok").asBoolean()).isFalse();
    assertThat(chain.path("firstBroken").path("seq").asLong()).isEqualTo(1);
    assertThat(chain.path("firstBroken").path("reason").asText())
        .isEqualTo("its content does not match its hash (altered?)");
    assertThat(Files.readString(folder.resolve("README.txt")))
        .contains("audit chain: BROKEN at entry ");
  }
}
