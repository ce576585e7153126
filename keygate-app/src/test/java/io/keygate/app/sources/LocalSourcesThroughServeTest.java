package io.keygate.app.sources;

import static io.keygate.app.sources.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.CapturedLogs;
import io.keygate.app.RunningNode;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.config.SourcesConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development sources through serve: {@code file://} picked up again when the file changes,
 * {@code env://} from the node's environment, each read audited in the node's vault; and a scheme
 * the node has not configured.
 */
class LocalSourcesThroughServeTest {
  private static final String FIRST = "canary-file-first-19ce0b";
  private static final String SECOND = "canary-file-second-7a2f64";
  private static final String FROM_ENV = "canary-env-3d81aa";

  @TempDir Path data;
  @TempDir Path secrets;

  private static KeygateConfig local(boolean file, boolean env) {
    return GatewayFixture.withSources(
        new SourcesConfig(
            env ? new SourcesConfig.Local(true, null) : null,
            file ? new SourcesConfig.Local(true, "1s") : null,
            null,
            null,
            null));
  }

  @Test
  void fileSource_changedFile_isServedWithoutARestart_andEveryReadIsAudited() throws Exception {
    Path token = secrets.resolve("upstream-token");
    Files.writeString(token, FIRST + "\n");
    try (CapturedLogs logs = CapturedLogs.start();
        GatewayFixture fixture = new GatewayFixture()) {
      fixture.writeApi(data, "file://" + token);
      List<String> transcript;
      try (RunningNode node = new RunningNode(data, local(true, false), Map.of())) {
        GatewayFixture.Key alice = GatewayFixture.key(node, "alice");
        GatewayFixture.awaitServed(node, alice);
        assertThat(fixture.upstreamSaw).contains("/charge Bearer " + FIRST);

        Files.writeString(token, SECOND + "\n");
        List<Integer> statuses = fixture.callUntilUpstreamSees(node, alice, SECOND);
        assertThat(statuses).containsOnly(200);

        List<JsonNode> entries = GatewayFixture.audit(node);
        assertThat(entries)
            .filteredOn(e -> e.path("vault").asText().equals("file://"))
            .hasSizeGreaterThanOrEqualTo(2)
            .allSatisfy(
                e -> {
                  assertThat(e.path("name").asText()).isEqualTo(token.toString());
                  assertThat(e.path("onBehalfOf").asText()).isEqualTo("key:" + alice.id());
                  assertThat(e.path("api").asText()).isEqualTo("payments");
                  assertThat(e.path("outcome").asText()).isEqualTo("allowed");
                  assertThat(e.path("version").asText()).hasSize(32);
                });
        transcript = node.transcript;
      }
      assertThat(logs.text())
          .contains("The file:// secret source is enabled: it is for development only")
          .doesNotContain(FIRST)
          .doesNotContain(SECOND);
      assertThat(transcript).noneMatch(t -> t.contains(FIRST) || t.contains(SECOND));
    }
  }

  @Test
  void envSource_servesTheNodesVariable() throws Exception {
    try (GatewayFixture fixture = new GatewayFixture()) {
      fixture.writeApi(data, "env://UPSTREAM_TOKEN");
      try (RunningNode node =
          new RunningNode(data, local(false, true), Map.of("UPSTREAM_TOKEN", FROM_ENV))) {
        GatewayFixture.Key alice = GatewayFixture.key(node, "alice");
        GatewayFixture.awaitServed(node, alice);
        assertThat(fixture.upstreamSaw).contains("/charge Bearer " + FROM_ENV);
      }
    }
  }

  @Test
  void apiNamingAnUnconfiguredScheme_isRefusedAtLoad_namingTheMissingSourcesKey() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start();
        GatewayFixture fixture = new GatewayFixture()) {
      fixture.writeApi(data, "env://UPSTREAM_TOKEN");
      try (RunningNode node = new RunningNode(data, local(true, false), Map.of())) {
        GatewayFixture.Key alice = GatewayFixture.key(node, "alice");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                logs::text,
                text ->
                    text.contains(
                        "'inject.value': secret reference env://UPSTREAM_TOKEN names the source"
                            + " 'env', which this node has not configured: add sources.env: {"
                            + " enabled: true } to keygate.yaml (see docs/SOURCES.md); it is not"
                            + " loaded"));
        HttpResponse<String> response = get(node, alice);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(fixture.upstreamSaw).isEmpty();
      }
    }
  }
}
