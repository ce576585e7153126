package io.keygate.app.sources;

import static io.keygate.app.sources.GatewayFixture.get;
import static io.keygate.app.sources.GatewayFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.CapturedLogs;
import io.keygate.app.RunningNode;
import io.keygate.app.apps.AzureConfig;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.config.SourcesConfig;
import io.keygate.sources.watch.PemTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure:// and hashicorp:// through {@code keygate serve}: node A is the external vault (its Azure
 * Key Vault-compatible API and its KV v2-compatible API, an app registered with {@code keygate app
 * create}); node B's keygate.yaml {@code sources:} section points at it, B's gateway injects the
 * secret for an API-key caller, B's audit names the caller, and a rotation on A reaches B through
 * the poller with only 200s.
 */
class ExternalVaultsThroughServeTest {
  private static final String FIRST = "canary-external-first-61c2d0";
  private static final String SECOND = "canary-external-second-9e4b7a";

  @TempDir Path dataA;
  @TempDir Path dataB;

  @Test
  void hashicorpSource_withAppRole_injectsAndFollowsARotation() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start();
        GatewayFixture fixture = new GatewayFixture();
        RunningNode a = new RunningNode(dataA)) {
      ok(a.cli(null, "vault", "create", "secret"));
      kvPut(a, "payments/upstream", FIRST);
      String secretId = app(a, "gw-b", "secret");
      fixture.writeApi(dataB, "hashicorp://secret/payments/upstream#/token");
      SourcesConfig.Hashicorp hashicorp =
          new SourcesConfig.Hashicorp(
              a.address(),
              null,
              new SourcesConfig.AppRole("gw-b", "B_SECRET_ID", null),
              null,
              "1s",
              dataA.resolve("admin-cert.pem"),
              null);
      try (RunningNode b =
          new RunningNode(dataB, sources(null, hashicorp), Map.of("B_SECRET_ID", secretId))) {
        followsRotation(fixture, b, () -> kvPut(a, "payments/upstream", SECOND));
        assertThat(audited(b)).contains("hashicorp://secret payments/upstream");
      }
      assertThat(logs.text()).doesNotContain(FIRST).doesNotContain(SECOND).doesNotContain(secretId);
    }
  }

  @Test
  void azureSource_withAClientSecret_injectsAndFollowsARotation() throws Exception {
    KeygateConfig azureOn =
        new KeygateConfig(
            null, null, null, null, null, null, null, null, new AzureConfig(true, "vault.test"));
    try (CapturedLogs logs = CapturedLogs.start();
        GatewayFixture fixture = new GatewayFixture();
        RunningNode a = new RunningNode(dataA, azureOn, Map.of())) {
      ok(a.cli(null, "vault", "create", "payments"));
      ok(a.cli(FIRST, "secret", "set", "payments/upstream-token"));
      String secret = app(a, "gw-b", "payments");
      fixture.writeApi(dataB, "azure://payments/upstream-token");
      int port = a.node.adminPort();
      SourcesConfig.Azure azure =
          new SourcesConfig.Azure(
              Map.of("payments", "https://payments.vault.test:" + port),
              new SourcesConfig.AzureCredential(
                  "client-secret",
                  "keygate",
                  "gw-b",
                  "B_CLIENT_SECRET",
                  null,
                  "https://localhost:" + port),
              "1s",
              dataA.resolve("admin-cert.pem"),
              null);
      try (RunningNode b =
          new RunningNode(dataB, sources(azure, null), Map.of("B_CLIENT_SECRET", secret))) {
        followsRotation(
            fixture, b, () -> ok(a.cli(SECOND, "secret", "set", "payments/upstream-token")));
        assertThat(audited(b)).contains("azure://payments upstream-token");
      }
      assertThat(logs.text()).doesNotContain(FIRST).doesNotContain(SECOND).doesNotContain(secret);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  /** A key on B gets FIRST injected; after {@code rotate}, SECOND arrives with only 200s. */
  private static void followsRotation(GatewayFixture fixture, RunningNode b, Step rotate)
      throws Exception {
    GatewayFixture.Key alice = GatewayFixture.key(b, "alice");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> get(b, alice).statusCode() == 200);
    assertThat(fixture.upstreamSaw).contains("/charge Bearer " + FIRST);

    rotate.run();
    List<Integer> statuses = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              statuses.add(get(b, alice).statusCode());
              return fixture.upstreamSaw.contains("/charge Bearer " + SECOND);
            });
    assertThat(statuses).isNotEmpty().containsOnly(200);
  }

  private static KeygateConfig sources(SourcesConfig.Azure azure, SourcesConfig.Hashicorp vault) {
    return new KeygateConfig(
        null, null, null, null, null, null, new SourcesConfig(null, null, null, azure, vault));
  }

  /** Registers {@code clientId} on A with secrets-user on {@code scope}; its client secret. */
  private static String app(RunningNode a, String clientId, String scope) throws Exception {
    RunningNode.Run app =
        a.cli(null, "app", "create", "gateway b", "--client-id", clientId, "-o", "json");
    ok(app);
    ok(a.cli(null, "role", "assign", "app:" + clientId, "secrets-user", "--scope", scope));
    return GatewayFixture.JSON.readTree(app.out()).path("clientSecret").asText();
  }

  /** "vault name" of B's audit entries for reads through external sources by alice. */
  private static List<String> audited(RunningNode b) throws Exception {
    List<String> seen = new ArrayList<>();
    for (JsonNode entry : GatewayFixture.audit(b)) {
      if (entry.path("onBehalfOf").asText().startsWith("key:")) {
        seen.add(entry.path("vault").asText() + " " + entry.path("name").asText());
      }
    }
    return seen;
  }

  /** Writes a new KV v2 version {"token": value} on A through its KV API. */
  private static void kvPut(RunningNode a, String path, String value) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(PemTrust.trusting(a.data.resolve("admin-cert.pem")))
            .build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(a.address() + "/v1/secret/data/" + path))
                .header("X-Vault-Token", Files.readString(a.data.resolve("admin-token")).strip())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"data\":{\"token\":\"" + value + "\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
