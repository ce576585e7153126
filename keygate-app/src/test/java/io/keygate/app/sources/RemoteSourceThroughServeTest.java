package io.keygate.app.sources;

import static io.keygate.app.sources.GatewayFixture.get;
import static io.keygate.app.sources.GatewayFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.CapturedLogs;
import io.keygate.app.RunningNode;
import io.keygate.app.config.CredentialsConfig;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.config.SourcesConfig;
import io.keygate.vault.server.SelfSignedCertificate;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Keygate nodes in one process: node A holds the secret; node B's gateway injects it through
 * {@code keygate://} on behalf of an API key created on B, with A checking the key's role and
 * auditing the read, A's rotation reaching B over the event stream, and B serving on while A is
 * down.
 */
class RemoteSourceThroughServeTest {
  private static final String FIRST = "canary-remote-first-4b7e91";
  private static final String SECOND = "canary-remote-second-c05d2a";

  @TempDir Path dataA;
  @TempDir Path dataB;

  private static KeygateConfig remoteOf(RunningNode a) {
    return GatewayFixture.withSources(
        new SourcesConfig(
            null,
            null,
            new SourcesConfig.Remote(
                a.address(),
                a.data.resolve(SelfSignedCertificate.CERTIFICATE_FILE),
                null,
                a.data.resolve("admin-token"),
                "5s",
                null,
                null,
                null),
            null,
            null));
  }

  private static KeygateConfig appOf(RunningNode a, String clientId) {
    return GatewayFixture.withSources(
        new SourcesConfig(
            null,
            null,
            new SourcesConfig.Remote(
                a.address(),
                a.data.resolve(SelfSignedCertificate.CERTIFICATE_FILE),
                null,
                null,
                null,
                clientId,
                "REMOTE_CLIENT_SECRET",
                null),
            null,
            null));
  }

  @Test
  void remoteDown_cachedValuesKeepServingPastTheirLifetime_staleIfError() throws Exception {
    try (GatewayFixture fixture = new GatewayFixture()) {
      RunningNode a = new RunningNode(dataA);
      boolean aOpen = true;
      try {
        ok(a.cli(null, "vault", "create", "payments"));
        ok(a.cli(null, "secret", "set", "payments/upstream-token", "--value", FIRST));
        fixture.writeApi(dataB, "keygate://payments/upstream-token");
        KeygateConfig remote = remoteOf(a);
        KeygateConfig shortLived =
            new KeygateConfig(
                null,
                null,
                new KeygateConfig.Gateway(
                    null,
                    null,
                    null,
                    null,
                    null,
                    new CredentialsConfig("1s", null, null, "5m", null, null)),
                null,
                null,
                null,
                remote.sources());
        try (RunningNode b = new RunningNode(dataB, shortLived, Map.of())) {
          GatewayFixture.Key alice = GatewayFixture.key(b, "alice");
          GatewayFixture.grant(a, "key:" + alice.id(), "secrets-user", "*");
          GatewayFixture.awaitServed(b, alice);

          a.close();
          aOpen = false;
          List<Integer> statuses = new ArrayList<>();
          await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> {
                    statuses.add(get(b, alice).statusCode());
                    return staleServed(b) > 0;
                  });
          assertThat(statuses).containsOnly(200);
          assertThat(fixture.upstreamSaw).last().isEqualTo("/charge Bearer " + FIRST);
        }
      } finally {
        if (aOpen) {
          a.close();
        }
      }
    }
  }

  private static double staleServed(RunningNode node) throws Exception {
    for (String line : node.adminGet("/metrics").split("\n")) {
      if (line.startsWith("keygate_secret_stale_served_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  @Test
  void nodeB_asAnAppHoldingOnlyGatewayNode_resolvesAndFollowsRotation() throws Exception {
    try (GatewayFixture fixture = new GatewayFixture();
        RunningNode a = new RunningNode(dataA)) {
      ok(a.cli(null, "vault", "create", "payments"));
      ok(a.cli(null, "secret", "set", "payments/upstream-token", "--value", FIRST));
      RunningNode.Run app =
          a.cli(null, "app", "create", "gateway b", "--client-id", "gw-b", "-o", "json");
      ok(app);
      String secret = GatewayFixture.JSON.readTree(app.out()).path("clientSecret").asText();
      GatewayFixture.grant(a, "app:gw-b", "gateway-node", "payments");
      fixture.writeApi(dataB, "keygate://payments/upstream-token");
      try (RunningNode b =
          new RunningNode(dataB, appOf(a, "gw-b"), Map.of("REMOTE_CLIENT_SECRET", secret))) {
        GatewayFixture.Key alice = GatewayFixture.key(b, "alice");
        GatewayFixture.grant(a, "key:" + alice.id(), "secrets-user", "payments");

        GatewayFixture.awaitServed(b, alice);
        assertThat(fixture.upstreamSaw).contains("/charge Bearer " + FIRST);
        assertThat(GatewayFixture.audit(a))
            .anySatisfy(
                e -> {
                  assertThat(e.path("onBehalfOf").asText()).isEqualTo("key:" + alice.id());
                  assertThat(e.path("via").asText()).endsWith("(app:gw-b)");
                  assertThat(e.path("outcome").asText()).isEqualTo("allowed");
                });

        ok(a.cli(null, "secret", "set", "payments/upstream-token", "--value", SECOND));
        List<Integer> statuses = fixture.callUntilUpstreamSees(b, alice, SECOND);
        assertThat(statuses).isNotEmpty().containsOnly(200);
      }
    }
  }

  @Test
  void nodeB_injectsNodeAsSecret_onBehalfOfItsCaller_followsRotation_andSurvivesAnOutage()
      throws Exception {
    try (CapturedLogs logs = CapturedLogs.start();
        GatewayFixture fixture = new GatewayFixture()) {
      RunningNode a = new RunningNode(dataA);
      boolean aOpen = true;
      List<String> transcripts = new ArrayList<>();
      try {
        ok(a.cli(null, "vault", "create", "payments"));
        ok(a.cli(null, "secret", "set", "payments/upstream-token", "--value", FIRST));
        fixture.writeApi(dataB, "keygate://payments/upstream-token");
        try (RunningNode b = new RunningNode(dataB, remoteOf(a), Map.of())) {
          GatewayFixture.Key alice = GatewayFixture.key(b, "alice");
          GatewayFixture.Key bob = GatewayFixture.key(b, "bob");
          GatewayFixture.grant(a, "key:" + alice.id(), "secrets-user", "payments/upstream-token");

          GatewayFixture.awaitServed(b, alice);
          assertThat(fixture.upstreamSaw).contains("/charge Bearer " + FIRST);

          int before = fixture.upstreamSaw.size();
          HttpResponse<String> denied = get(b, bob);
          assertThat(denied.statusCode()).isEqualTo(403);
          JsonNode error = GatewayFixture.JSON.readTree(denied.body()).path("error");
          assertThat(error.path("code").asText()).isEqualTo("ForbiddenByRbac");
          assertThat(error.path("message").asText()).contains("payments/upstream-token");
          assertThat(fixture.upstreamSaw).hasSize(before);

          // Rotation on A: B's cache is fresh for minutes, so only the event stream can bring it.
          ok(a.cli(null, "secret", "set", "payments/upstream-token", "--value", SECOND));
          List<Integer> statuses = fixture.callUntilUpstreamSees(b, alice, SECOND);
          assertThat(statuses).isNotEmpty().containsOnly(200);

          List<JsonNode> entries = GatewayFixture.audit(a);
          assertThat(entries)
              .anySatisfy(
                  e -> {
                    assertThat(e.path("onBehalfOf").asText()).isEqualTo("key:" + alice.id());
                    assertThat(e.path("via").asText()).endsWith("(admin)");
                    assertThat(e.path("api").asText()).isEqualTo("payments");
                    assertThat(e.path("action").asText()).isEqualTo("READ_VALUE");
                    assertThat(e.path("outcome").asText()).isEqualTo("allowed");
                    assertThat(e.path("version").asText()).hasSize(32);
                  });
          assertThat(entries)
              .anySatisfy(
                  e -> {
                    assertThat(e.path("onBehalfOf").asText()).isEqualTo("key:" + bob.id());
                    assertThat(e.path("outcome").asText()).isEqualTo("denied");
                    assertThat(e.path("code").asText()).isEqualTo("ForbiddenByRbac");
                  });

          transcripts.addAll(a.transcript);
          a.close();
          aOpen = false;
          for (int i = 0; i < 5; i++) {
            assertThat(get(b, alice).statusCode()).isEqualTo(200);
          }
          assertThat(fixture.upstreamSaw).last().isEqualTo("/charge Bearer " + SECOND);
          transcripts.addAll(b.transcript);
        }
      } finally {
        if (aOpen) {
          a.close();
        }
      }
      assertThat(logs.text()).doesNotContain(FIRST).doesNotContain(SECOND);
      assertThat(transcripts).noneMatch(t -> t.contains(FIRST) || t.contains(SECOND));
    }
  }
}
